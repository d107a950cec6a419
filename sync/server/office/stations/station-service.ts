import { officeId } from '#domain/city/office-ids.ts';
import { randomUUID } from 'node:crypto';
import { chinaDate } from '#domain/calendar/china-time.ts';
import { type Clock } from '#domain/clock.ts';
import { checkCardValidity, ID_DOCUMENT_PROBLEM_TEXT, idTypeOfCard } from '#domain/identity/id-document.ts';
import { type Identity } from '#domain/query/requests.ts';
import { type Db } from '#office/platform/db/db.ts';
import { STATION_POLL_MS, type StationReadRequest, type StationReadResult } from '#protocol/stations.ts';
import { hashToken, newToken } from '#server/auth/tokens.ts';
import { STATION_CHANNEL, type Station, type StationKind, type StationStore } from './station-store.ts';
import { STATION_TEXT as S } from './station-text.ts';

/** A failed read; a card refused for its validity names the card (its type and period), for a page that words it its own way. */
export type CardOutcome =
  | { ok: true; requestId: string; identity: Identity }
  | { ok: false; code: string; message: string; card?: { cardType: string; validFrom: string; validTo: string } };

/** A read not taken within this long is left for lapsed: the page that asked for it has given up. */
const TAKE_WITHIN_MS = 60_000;
/** A card read stands for the form it was read for this long (a query filled in at the counter). */
const CARD_STANDS_MS = 30 * 60_000;
/** A live agent is always polling and takes a read at once; one not taken in this long has no agent behind it. */
const OFFLINE_AFTER_MS = 5000;
/** Missed notifications (a lost listening connection) are made up for by looking again this often. */
const RECHECK_MS = 1000;
/** How long a station's reader waits for a card to be placed, once a page has asked for one. */
export const CARD_WAIT_MS = 20_000;

/**
 * The office side of the reader stations: the administration sets them up; a page asks a station for a card read
 * and waits for its agent's answer; the agent long-polls for reads and answers them. Reads are rows in the
 * database, so any office server may take the page's request and any may hold the agent's poll.
 */
export class StationService {
  private readonly waiters = new Map<string, Set<() => void>>();
  private stopListening: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly store: StationStore,
    private readonly db: Db,
    private readonly clock: Clock,
    /** The office's area code, carried by the ids this service mints (domain/city/office-ids.ts). */
    private readonly area: string | null = null,
    private readonly cardWaitMs = CARD_WAIT_MS,
  ) {}

  async start(): Promise<void> {
    this.stopListening = await this.db.listen(STATION_CHANNEL, (payload) => {
      const keys = payload === null ? [...this.waiters.keys()] : [payload];
      for (const key of keys) for (const wake of this.waiters.get(key) ?? []) wake();
    });
  }

  /** Ends every wait (the office is closing): polls answer "nothing to read", pages "station offline". */
  stop(): void {
    this.stopped = true;
    this.stopListening?.();
    for (const set of this.waiters.values()) for (const wake of set) wake();
    this.waiters.clear();
  }

  /** A station of the office, or with `orgId` one at that organisation's sales office. */
  async create(name: string, kind: StationKind, staffId: string, orgId: string | null = null): Promise<{ station: Station; token: string }> {
    const token = newToken();
    const station = { id: officeId(this.area, 'station', randomUUID()), name, kind, orgId, createdAt: this.clock.now().toISOString(), createdBy: staffId };
    await this.store.add(station, hashToken(token));
    return { station: { ...station, revokedAt: null }, token };
  }

  list(): Promise<Station[]> {
    return this.store.list();
  }

  /** The stations in use of a kind: the office's own, or with `orgId` those of that organisation's sales offices. */
  async active(kind: StationKind, orgId: string | null = null): Promise<{ id: string; name: string }[]> {
    return (await this.store.list()).filter((s) => s.kind === kind && s.orgId === orgId && s.revokedAt === null).map((s) => ({ id: s.id, name: s.name }));
  }

  revoke(id: string): Promise<boolean> {
    return this.store.revoke(id, this.clock.now().toISOString());
  }

  /** The station a bearer token belongs to, if it is still in use. */
  async stationOf(token: string): Promise<Station | undefined> {
    if (token.length < 20 || token.length > 200) return undefined;
    const s = await this.store.byToken(hashToken(token));
    return s && s.revokedAt === null ? s : undefined;
  }

  /** Waits for `key` to be told, or `ms` to pass; answers after either. */
  private wait(key: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const set = this.waiters.get(key) ?? new Set<() => void>();
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0) this.waiters.delete(key);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
      this.waiters.set(key, set);
      signal?.addEventListener('abort', done);
    });
  }

  /**
   * Asks the station for the card on its reader and waits for the answer. The card must be valid today
   * (《不动产登记暂行条例》第十六条: an expired document proves nothing).
   */
  async readCard(stationId: string, kind: StationKind, requestedBy: string, timeoutMs = 30_000, orgId: string | null = null): Promise<CardOutcome> {
    // One organisation's page never reads at another's station or the office's, nor the office's at theirs.
    const station = (await this.store.list()).find((s) => s.id === stationId && s.kind === kind && s.orgId === orgId && s.revokedAt === null);
    if (!station) return { ok: false, code: 'unknown-station', message: S.failure.unknownStation };
    const id = officeId(this.area, 'read', randomUUID());
    const start = this.clock.now();
    await this.store.request({ id, stationId, requestedBy, requestedAt: start.toISOString() });
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const r = await this.store.read(id);
      if (r?.state === 'done' && r.card) {
        const c = r.card;
        const valid = checkCardValidity(c, chinaDate(this.clock.now().toISOString()));
        if (!valid.ok) return { ok: false, code: valid.error, message: ID_DOCUMENT_PROBLEM_TEXT[valid.error](c.cardType, c.validFrom, c.validTo), card: { cardType: c.cardType, validFrom: c.validFrom, validTo: c.validTo } };
        return { ok: true, requestId: id, identity: { name: c.name, idType: idTypeOfCard(c.cardType), idNumber: c.idNumber.toUpperCase(), fromCard: true } };
      }
      if (r?.state === 'failed' && r.failure) return { ok: false, code: r.failure.code, message: r.failure.message };
      const left = deadline - performance.now();
      const now = this.clock.now().getTime();
      // An agent answers a read it took within its reader's wait; one that has not has gone since (closed, unplugged).
      const gone = r?.state === 'taken' && r.takenAt !== null && now - Date.parse(r.takenAt) >= this.cardWaitMs + OFFLINE_AFTER_MS;
      const offline = gone || (r?.state === 'pending' && now - start.getTime() >= OFFLINE_AFTER_MS);
      if (left <= 0 || this.stopped || offline) return r?.state === 'taken' && !gone ? { ok: false, code: 'no-card', message: S.failure.noCard } : { ok: false, code: 'station-offline', message: S.failure.offline };
      await this.wait(`read:${id}`, Math.min(left, RECHECK_MS));
    }
  }

  /** The identity a finished read gave, for the one who asked for it, while it stands. */
  async identityOf(requestId: string, requestedBy: string): Promise<Identity | null> {
    const r = await this.store.read(requestId);
    if (r?.state !== 'done' || !r.card || r.requestedBy !== requestedBy) return null;
    if (this.clock.now().getTime() - Date.parse(r.requestedAt) > CARD_STANDS_MS) return null;
    return { name: r.card.name, idType: idTypeOfCard(r.card.cardType), idNumber: r.card.idNumber.toUpperCase(), fromCard: true };
  }

  /** The agent's long poll: the next read asked of its station, or null after `STATION_POLL_MS`. */
  async nextRead(station: Station, signal?: AbortSignal, pollMs = STATION_POLL_MS): Promise<StationReadRequest | null> {
    const deadline = performance.now() + pollMs;
    for (;;) {
      // An agent that hung up while waiting takes nothing more: the read stays for a live one.
      if (signal?.aborted || this.stopped) return null;
      const now = this.clock.now();
      const taken = await this.store.take(station.id, new Date(now.getTime() - TAKE_WITHIN_MS).toISOString(), now.toISOString());
      if (taken) return { requestId: taken.id, timeoutMs: this.cardWaitMs };
      const left = deadline - performance.now();
      if (left <= 0) return null;
      await this.wait(`station:${station.id}`, Math.min(left, RECHECK_MS), signal);
    }
  }

  /** The agent's answer to a read it took. False when the read is not its own or was answered already. */
  answer(station: Station, requestId: string, result: StationReadResult): Promise<boolean> {
    const at = this.clock.now().toISOString();
    return this.store.finish(requestId, station.id, at, result.ok ? { card: result.card } : { failure: { code: result.code, message: result.message } });
  }
}
