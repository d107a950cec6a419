import { type Logger } from 'pino';
import { type Result } from '#domain/result.ts';
import { type CardRead } from '#electron/devices/id-reader/decode-text.ts';
import { type IdReaderFailure } from '#electron/devices/id-reader/driver.ts';
import { StationPollAnswer, type StationReadRequest, type StationReadResult } from '#protocol/stations.ts';
import { API_BASE } from '#protocol/version.ts';

/** The part of the ID reader driver the agent uses. */
export type CardReader = { read(opts: { timeoutMs: number; signal?: AbortSignal }): Promise<Result<CardRead, IdReaderFailure>> };

export type StationAgentOptions = {
  officeUrl: string;
  token: string;
  reader: CardReader;
  log: Logger;
  /** Wait after a failed poll (office unreachable) before the next. */
  retryMs?: number;
};

export type AgentStop = { reason: 'stopped' } | { reason: 'token-refused'; message: string };

/**
 * The reader station's agent: holds the station's token, long-polls the office for the next card read asked of
 * this station, reads the card on the attached reader and answers with the card's text fields (the photo stays
 * here). It connects out only, so it works behind the office LAN's NAT and firewall like the vans do. A lost link
 * is retried; a refused token (station revoked) stops the agent, since asking again cannot help.
 */
export class StationAgent {
  private readonly stopping = new AbortController();
  private running: Promise<AgentStop> | null = null;

  constructor(private readonly opts: StationAgentOptions) {}

  private url(path: string): string {
    return new URL(`${API_BASE}/stations/${path}`, this.opts.officeUrl).toString();
  }

  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.opts.token}`, 'content-type': 'application/json' };
  }

  start(): Promise<AgentStop> {
    this.running ??= this.loop();
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async loop(): Promise<AgentStop> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      let answer: Response;
      try {
        answer = await fetch(this.url('reads/next'), { headers: this.headers(), signal });
      } catch (error) {
        if (signal.aborted) break;
        this.opts.log.warn({ err: error }, 'office unreachable; polling again');
        await pause(this.opts.retryMs ?? 2000, signal);
        continue;
      }
      if (answer.status === 401) {
        const body = (await answer.json().catch(() => ({}))) as { message?: string };
        return { reason: 'token-refused', message: body.message ?? '读卡终端令牌被拒绝' };
      }
      const parsed = answer.ok ? StationPollAnswer.safeParse(await answer.json().catch(() => null)) : null;
      if (!parsed?.success) {
        this.opts.log.warn({ status: answer.status }, 'unexpected poll answer; polling again');
        await pause(this.opts.retryMs ?? 2000, signal);
        continue;
      }
      if (parsed.data.read) await this.serve(parsed.data.read);
    }
    return { reason: 'stopped' };
  }

  private async serve(request: StationReadRequest): Promise<void> {
    const r = await this.opts.reader.read({ timeoutMs: request.timeoutMs, signal: this.stopping.signal });
    const result: StationReadResult = r.ok
      ? { ok: true, card: { cardType: r.value.identity.cardType, name: r.value.identity.name, idNumber: r.value.identity.idNumber, validFrom: r.value.identity.validFrom, validTo: r.value.identity.validTo } }
      : { ok: false, code: r.error.code, message: r.error.message.slice(0, 300) };
    this.opts.log.info({ requestId: request.requestId, ok: result.ok }, 'card read answered');
    try {
      const res = await fetch(this.url(`reads/${encodeURIComponent(request.requestId)}`), { method: 'POST', headers: this.headers(), body: JSON.stringify(result) });
      if (!res.ok) this.opts.log.warn({ status: res.status }, 'office refused the answer');
    } catch (error) {
      // The page that asked has its own deadline: it tells its user the station did not answer.
      this.opts.log.warn({ err: error }, 'could not deliver the read');
    }
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
