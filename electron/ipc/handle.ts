/**
 * The main side of the IPC contract. Every call, whether it arrives over Electron IPC or over the
 * HTTP bridge of browser mode, goes through `dispatch`: the channel must be in the contract, the
 * sender must be our app, the payload is parsed with the contract's zod schema, and the service's
 * answer (or failure) comes back as an `IpcResult`. Nothing is thrown across the bridge.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { parseForm } from '#domain/forms/form-issues.ts';
import {
  type Channel,
  type IpcErrorCode,
  type IpcResult,
  type ParsedRequestOf,
  type ResponseOf,
  channelNames,
  channels,
  isChannel,
} from './contract.ts';
import { FAILURE_TEXT, internalFailureText, systemCodeOf } from './failure-text.ts';
import { CHANNEL_FIELD_NAMES, REQUEST_FIELD_NAMES, REQUEST_TEXT } from './request-text.ts';

/** An expected failure of a service, with a message staff can read (Chinese). */
export class ServiceError extends Error {
  readonly code: IpcErrorCode;
  constructor(code: IpcErrorCode, message: string) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
  }
}

export type CallContext = { transport: 'electron' | 'http'; signal?: AbortSignal };

export type ChannelHandler<C extends Channel> = (request: ParsedRequestOf<C>, ctx: CallContext) => Promise<ResponseOf<C>>;

/** One handler per channel of the contract: the compiler fails when a channel has none. */
export type Handlers = { [C in Channel]: ChannelHandler<C> };

export type Logger = { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };

/**
 * A request read by its channel's schema, or what is wrong with it in Chinese, each field by its name on the
 * screens: the screens show an `invalid-request` message as it is, and some fields are typed by staff
 * (request-text.ts). Each field is said once, however many of its entries are wrong.
 */
const parseRequest = (channel: Channel, payload: unknown) => parseForm(channels[channel].request, payload, { ...REQUEST_FIELD_NAMES, ...CHANNEL_FIELD_NAMES[channel] }, REQUEST_TEXT.issues);

/**
 * Runs one call through the contract.
 * `isTrustedSender` is decided by the transport (frame URL in Electron, token + origin over HTTP).
 */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  payload: unknown,
  ctx: CallContext & { isTrustedSender: boolean },
  log?: Logger,
): Promise<IpcResult<unknown>> {
  if (!ctx.isTrustedSender) {
    log?.warn({ channel }, 'IPC call from an untrusted sender refused');
    return { ok: false, error: { code: 'forbidden-sender', message: '拒绝：调用不是来自本应用' } };
  }
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'unknown-channel', message: `未知的调用：${String(channel).slice(0, 60)}` } };
  }
  // The issues are not logged: they hold the values sent (parseForm reports the input).
  const parsed = parseRequest(channel, payload);
  if (!parsed.ok) {
    return { ok: false, error: { code: 'invalid-request', message: REQUEST_TEXT.invalid(parsed.message) } };
  }
  try {
    // The handler table is indexed by the same channel; TypeScript cannot correlate the two generics.
    const handler = handlers[channel] as ChannelHandler<Channel>;
    const value = await handler(parsed.data, ctx);
    // Validate our own answer too: a service bug must not hand the renderer a wrong shape.
    const checked = channels[channel].response.safeParse(value);
    if (!checked.success) {
      // A bug of our own service: zod's English goes to the log, for developers; staff read the Chinese answer.
      log?.error({ channel, issues: checked.error.issues.slice(0, 5) }, 'service returned a value outside the contract');
      return { ok: false, error: { code: 'internal', message: FAILURE_TEXT.internal(FAILURE_TEXT.outsideContract) } };
    }
    return { ok: true, value: checked.data };
  } catch (error) {
    if (error instanceof ServiceError) return { ok: false, error: { code: error.code, message: error.message } };
    // The error's own words (English, for developers) go to the log; staff read what it means for them.
    log?.error({ channel, err: error instanceof Error ? { message: error.message, code: systemCodeOf(error), stack: error.stack } : String(error) }, 'service failed');
    return { ok: false, error: { code: 'internal', message: internalFailureText(error) } };
  }
}

/**
 * True when an IPC call comes from our own app page: the sender frame's URL must be on one of
 * our origins (`app://van` in production, the Vite dev server during development).
 */
export function isAppSenderUrl(frameUrl: unknown, allowedOrigins: readonly string[]): boolean {
  if (typeof frameUrl !== 'string') return false;
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  // `URL.origin` is the string "null" for non-special schemes such as app:, so compare parts.
  const origin = `${url.protocol}//${url.host}`;
  return allowedOrigins.includes(origin);
}

const senderFrameUrl = (event: IpcMainInvokeEvent): unknown => {
  try {
    return event.senderFrame?.url;
  } catch {
    // senderFrame throws when the frame has navigated away or been destroyed.
    return undefined;
  }
};

/** Registers one channel on ipcMain; the only way main code answers the renderer. */
export function handle<C extends Channel>(
  ipcMain: Pick<IpcMain, 'handle'>,
  channel: C,
  fn: ChannelHandler<C>,
  allowedOrigins: readonly string[],
  log?: Logger,
): void {
  const table = { [channel]: fn } as unknown as Handlers;
  ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) =>
    dispatch(table, channel, payload, { transport: 'electron', isTrustedSender: isAppSenderUrl(senderFrameUrl(event), allowedOrigins) }, log),
  );
}

/** Registers every channel of the contract. */
export function handleAll(ipcMain: Pick<IpcMain, 'handle'>, handlers: Handlers, allowedOrigins: readonly string[], log?: Logger): void {
  for (const channel of channelNames) handle(ipcMain, channel, handlers[channel] as ChannelHandler<Channel>, allowedOrigins, log);
}
