import { type EventEmitter } from 'node:events';
import { type Clock } from '#domain/clock.ts';
import { type OfficeStorage } from '#server/storage/storage.ts';
import { type ChangeHub } from '#server/sync/hub.ts';
import { type EventRules } from '#server/sync/event-rules.ts';
import { type LoginService } from '#server/auth/login.ts';
import { type DrawPool } from '#server/office/drawing/draw-pool.ts';
import { type ProvinceOptions } from '#server/office/province/province-options.ts';

/**
 * What the office's route modules (and plugins registered through `buildOfficeApp({ plugins })`)
 * share. Plugins reach it as `app.office` (see app.ts).
 */
export type OfficeContext = {
  storage: OfficeStorage;
  hub: ChangeHub;
  rules: EventRules;
  dataDir: string;
  /** How long an unfinished scan upload is kept before it expires (tus expiration). */
  uploadExpiryMs: number;
  /** The PBKDF2 iteration count of the passwords and van keys the office makes (auth/password-cost.ts). */
  passwordIterations: number;
  /** How long a reader station waits for a card to be placed (station-service.ts). */
  stationCardWaitMs: number;
  /** The office's time: the system clock, or a chosen one (tests and demos run "in a week", see tests/e2e/harness.ts). */
  clock: Clock;
  /** Emits `van-push` `{ collection, deviceId, ids }` after a van's documents are committed, `scan-verified` `{ sha256, deviceId }`. */
  events: EventEmitter;
  /** Staff sign-in (throttled, same cost for unknown logins), shared by the API and the pages. */
  login: LoginService;
  /** The province platform the office reports its 登簿 to; null when none is configured (messages wait in the queue). */
  province: ProvinceOptions | null;
  /** A county office's code (GB/T 2260): it serves the city its feed; null for the city office. */
  countyCode: string | null;
  /**
   * The office's own area code (GB/T 2260), carried by every id and document number it mints
   * (`domain/city/office-ids.ts`): a county's code, 230800 for the city office, null for an office started
   * without one, whose ids keep the form they had before the platform.
   */
  areaCode: string | null;
  /**
   * The threads that draw charts and city reports (draw-pool.ts), so a drawing never holds the office's other
   * requests; closed with the server, after the work in flight (`onClose`) has finished.
   */
  drawing: DrawPool;
  /** Roles that may administer devices, staff and receipt blocks. */
  adminRoles: readonly string[];
  /** Runs `fn` as the server closes, before the storage closes; a promise is awaited (work in flight finishing). */
  onClose(fn: () => void | Promise<void>): void;
};
