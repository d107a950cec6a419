import { randomBytes } from 'node:crypto';
import { type Clock } from '#domain/clock.ts';
import { type StaffDoc } from '#protocol/documents/office.ts';
import { verifyPassword } from '#protocol/password-hash.ts';
import { makeStaffVanKey } from '#protocol/staff-key.ts';
import { sessionWrites } from '#office/staff/session-store.ts';
import { publishStaff, staffByLoginIn, type StaffWritten, writeStaffIn } from '#server/admin/staff-service.ts';
import { type OfficeStorage } from '#server/storage/storage.ts';
import { type ChangeHub } from '#server/sync/hub.ts';
import { AUTH_TEXT } from './auth-text.ts';
import { belowCost, hashAtCost } from './password-cost.ts';
import { LoginThrottle, type ThrottleLimits, type ThrottleVerdict } from './login-throttle.ts';
import { absoluteDeadline, idleDeadline } from './session-limits.ts';
import { hashToken, newToken } from './tokens.ts';

export type LoginOutcome =
  | { ok: true; token: string; staff: StaffDoc; expiresAt: string }
  | { ok: false; status: 401; code: 'login-failed'; message: string }
  | { ok: false; status: 429; code: 'too-many-attempts'; message: string; retryAfterSeconds: number };

export type LoginOptions = {
  /** The password check; tests wrap the real one to see what was checked. */
  verify?: (password: string, encoded: string) => Promise<boolean>;
  limits?: ThrottleLimits;
};

export type LoginService = { login(login: string, password: string, clientAddress: string): Promise<LoginOutcome> };

/** What the password in hand makes for an account that needs it: today's hash, and the first van key (staff-key.ts). */
type Renewed = { passwordHash?: string; vanKey?: NonNullable<StaffDoc['vanKey']> };

const failed: LoginOutcome = { ok: false, status: 401, code: 'login-failed', message: AUTH_TEXT.loginFailed };

function tooMany(verdict: Extract<ThrottleVerdict, { ok: false }>): LoginOutcome {
  const minutes = Math.max(1, Math.ceil(verdict.retryAfterMs / 60_000));
  const message = verdict.by === 'account' ? AUTH_TEXT.throttledAccount(minutes) : AUTH_TEXT.throttledAddress(minutes);
  return { ok: false, status: 429, code: 'too-many-attempts', message, retryAfterSeconds: Math.ceil(verdict.retryAfterMs / 1000) };
}

/** Whether the account row a password was checked against is still the one stored (same secret, same standing). */
const sameAccount = (a: StaffDoc | undefined, b: StaffDoc | undefined): boolean =>
  a === undefined || b === undefined ? a === b : a.id === b.id && a.passwordHash === b.passwordHash && a.active === b.active;

/**
 * Staff sign-in, for the API and the pages alike. An unknown or inactive login is checked against a dummy
 * hash of today's cost, so it costs what a known one costs and answers the same (no account enumeration);
 * failures are throttled per account and per client address; a hash below today's iteration count is made
 * again from the password on a successful login (and reaches the vans like any staff change), as is a missing van key.
 *
 * One use case, one write transaction, and no transaction open across a password hash. A PBKDF2 hash at
 * today's cost takes about half a second to a second of CPU (measured on the office machine under load; a
 * first login after a cost rise or before van keys makes two more), and an SQLite office has one writer:
 * held across it, a write transaction would stop every van's push for that long. So the sign-in goes:
 * 1. a read-only snapshot of the throttle's verdict and the account row (refused at once when throttled);
 * 2. outside any transaction, the password checked against that row, and what it must renew made from it;
 * 3. one write transaction under the account's and the address's sign-in locks, which every office server
 *    takes: the verdict read again (failures committed meanwhile on any server count, so parallel guesses
 *    cannot pass the limit together), the account row read again (a row changed meanwhile — a new password,
 *    a deactivation, another server's renewal — has the password checked once more against it), then the
 *    failure recorded, or the failures cleared, the account's renewal written (a van key another server
 *    published meanwhile is kept, never replaced by a second one) and the session created, together.
 */
export function createLoginService(deps: { storage: OfficeStorage; hub: ChangeHub; clock: Clock; passwordIterations: number }, opts: LoginOptions = {}): LoginService {
  const verify = opts.verify ?? verifyPassword;
  const { db } = deps.storage;
  const throttle = new LoginThrottle(db, 'staff', opts.limits, () => deps.clock.now().getTime());
  let dummy: Promise<string> | undefined;
  const dummyHash = () => (dummy ??= hashAtCost(randomBytes(16).toString('base64'), deps.passwordIterations));

  /** The slow part, outside any transaction: the check, and what a matching password must renew. */
  async function check(staff: StaffDoc | undefined, password: string): Promise<{ matches: boolean; renewed: Renewed }> {
    const usable = staff !== undefined && staff.active;
    const matches = await verify(password, usable ? staff.passwordHash : await dummyHash());
    if (!usable || !matches) return { matches: false, renewed: {} };
    // The password is in hand: a weak hash is made again, and an account from before van keys gets one
    // (staff-key.ts), so vans can seal their data key to this person before they ever log in there.
    return {
      matches: true,
      renewed: {
        ...(belowCost(staff.passwordHash, deps.passwordIterations) ? { passwordHash: await hashAtCost(password, deps.passwordIterations) } : {}),
        ...(staff.vanKey ? {} : { vanKey: await makeStaffVanKey(staff.id, password, 1, new Uint8Array(randomBytes(16)), deps.passwordIterations) }),
      },
    };
  }

  type Decided = { outcome: LoginOutcome; written?: StaffWritten } | 'row-changed';

  return {
    async login(login, password, clientAddress) {
      const seen = await db.transaction(async (tx) => ({ verdict: await throttle.checkIn(tx, login, clientAddress), staff: await staffByLoginIn(tx, login) }), { readOnly: true });
      if (!seen.verdict.ok) return tooMany(seen.verdict);
      let staff = seen.staff;
      // Checked at most twice: against the row first read, and once more if it changed before the write.
      for (let round = 0; round < 2; round++) {
        const { matches, renewed } = await check(staff, password);
        const decided = await db.transaction(async (tx): Promise<Decided> => {
          await throttle.lockIn(tx, login, clientAddress);
          const verdict = await throttle.checkIn(tx, login, clientAddress);
          if (!verdict.ok) return { outcome: tooMany(verdict) };
          const stored = await staffByLoginIn(tx, login);
          if (!sameAccount(staff, stored)) {
            staff = stored;
            return 'row-changed';
          }
          if (!matches || stored === undefined) {
            await throttle.failedIn(tx, login, clientAddress);
            return { outcome: failed };
          }
          await throttle.succeededIn(tx, login);
          const now = deps.clock.now();
          const current: StaffDoc =
            renewed.passwordHash !== undefined || (renewed.vanKey !== undefined && !stored.vanKey)
              ? { ...stored, passwordHash: renewed.passwordHash ?? stored.passwordHash, vanKey: stored.vanKey ?? renewed.vanKey, updatedAt: now.toISOString() }
              : stored;
          const written = current === stored ? undefined : await writeStaffIn(tx, current, now.toISOString(), { sameSecret: true });
          const token = newToken();
          // The row holds the idle deadline; the caller is told the latest the session can last (the cookie's expiry).
          const expiresAt = absoluteDeadline(now);
          await sessionWrites(tx).create({ tokenHash: hashToken(token), staffId: current.id, roles: current.roles, now: now.toISOString(), expiresAt: idleDeadline(now, now) });
          return { outcome: { ok: true, token, staff: current, expiresAt }, ...(written ? { written } : {}) };
        }, { group: true });
        if (decided === 'row-changed') continue;
        if (decided.written) publishStaff(deps.hub, decided.written);
        return decided.outcome;
      }
      // The account changed under both checks (its password changed twice in a second): refused, not counted.
      return failed;
    },
  };
}
