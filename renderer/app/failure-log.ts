/**
 * Failures the page caught that staff cannot act on by their cause (a write the local store refused, a full disk, a
 * bug): the screen says in Chinese what did not happen and what to do, with a short code; the cause, in the words
 * of RxDB or the browser, goes to the van's log under that code (`log:pageFailure`), where the office's support
 * finds it when the clerk reads the code out.
 */
import { type VanApi } from '#electron/ipc/contract.ts';
import { ClockBehindError } from '#renderer/db/clock-guard.ts';

/** Letters and digits that are read out over the phone without doubt: no 0/O, 1/I/L or U. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new code like `7KQ3-M9XA`: 30⁸ of them, so two failures of one van do not share one. */
export function newFailureCode(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  const chars = [...random(8)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** What a caught error says, cut to what the log takes. */
export function detailsOf(error: unknown): { name: string; message: string; stack?: string } {
  if (!(error instanceof Error)) return { name: typeof error, message: String(error).slice(0, 4000) };
  return { name: error.name.slice(0, 200), message: error.message.slice(0, 4000), ...(error.stack ? { stack: error.stack.slice(0, 16000) } : {}) };
}

/**
 * Logs the failure on the main side under a new code and returns the code for the screen. `where` says which
 * action failed (for support, English). Never throws and never waits: the screen must say its piece even when
 * the main side is gone too.
 */
export function logFailure(van: Pick<VanApi, 'logPageFailure'>, where: string, error: unknown): string {
  const code = newFailureCode();
  try {
    void van.logPageFailure({ code, where, ...detailsOf(error) }).catch(() => undefined);
  } catch {
    // The log is help for support, not part of the action: a failure to log leaves the screen's message as it is.
  }
  return code;
}

/**
 * What a screen says of a failure it caught: the clock guard's refusal as it is (its Chinese says what to do: set the
 * laptop's clock), anything else by what `say` makes of the code under which its cause was logged.
 */
export function caughtText(error: unknown, log: (error: unknown) => string, say: (code: string) => string): string {
  return error instanceof ClockBehindError ? error.message : say(log(error));
}
