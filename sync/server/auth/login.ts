import { randomBytes } from 'node:crypto';
import { type Clock } from '#domain/clock.ts';
import { type StaffDoc } from '#protocol/documents/office.ts';
import { hashPassword, needsRehash, verifyPassword } from '#protocol/password-hash.ts';
import { makeStaffVanKey } from '#protocol/staff-key.ts';
import { staffByLogin, writeStaff } from '#server/admin/staff-service.ts';
import { type OfficeStorage } from '#server/storage/storage.ts';
import { type ChangeHub } from '#server/sync/hub.ts';
import { AUTH_TEXT } from './auth-text.ts';
import { LoginThrottle, type ThrottleLimits } from './login-throttle.ts';
import { hashToken, newToken } from './tokens.ts';

const SESSION_HOURS = 12;

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

/**
 * Staff sign-in, for the API and the pages alike. An unknown or inactive login is checked against a dummy
 * hash of today's cost, so it costs what a known one costs and answers the same (no account enumeration);
 * failures are throttled per account and per client address; a hash below today's iteration count is made
 * again from the password on a successful login (and reaches the vans like any staff change), as is a missing van key.
 */
export function createLoginService(deps: { storage: OfficeStorage; hub: ChangeHub; clock: Clock }, opts: LoginOptions = {}): LoginService {
  const verify = opts.verify ?? verifyPassword;
  const throttle = new LoginThrottle(deps.storage.db, 'staff', opts.limits, () => deps.clock.now().getTime());
  let dummy: Promise<string> | undefined;
  const dummyHash = () => (dummy ??= hashPassword(randomBytes(16).toString('base64'), randomBytes(16)));

  return {
    async login(login, password, clientAddress) {
      const verdict = await throttle.check(login, clientAddress);
      if (!verdict.ok) {
        const minutes = Math.max(1, Math.ceil(verdict.retryAfterMs / 60_000));
        const message = verdict.by === 'account' ? AUTH_TEXT.throttledAccount(minutes) : AUTH_TEXT.throttledAddress(minutes);
        return { ok: false, status: 429, code: 'too-many-attempts', message, retryAfterSeconds: Math.ceil(verdict.retryAfterMs / 1000) };
      }
      const staff = await staffByLogin(deps, login);
      const usable = staff !== undefined && staff.active;
      const matches = await verify(password, usable ? staff.passwordHash : await dummyHash());
      if (!usable || !matches) {
        await throttle.failed(login, clientAddress);
        return { ok: false, status: 401, code: 'login-failed', message: AUTH_TEXT.loginFailed };
      }
      await throttle.succeeded(login);
      let current = staff;
      // The password is in hand: a weak hash is made again, and an account from before van keys gets one
      // (staff-key.ts), so vans can seal their data key to this person before they ever log in there.
      if (needsRehash(staff.passwordHash) || !staff.vanKey) {
        current = {
          ...staff,
          passwordHash: needsRehash(staff.passwordHash) ? await hashPassword(password, randomBytes(16)) : staff.passwordHash,
          vanKey: staff.vanKey ?? (await makeStaffVanKey(staff.id, password, 1, new Uint8Array(randomBytes(16)))),
          updatedAt: deps.clock.now().toISOString(),
        };
        await writeStaff(deps, current, { sameSecret: true });
      }
      const token = newToken();
      const now = deps.clock.now();
      const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString();
      await deps.storage.createSession({ tokenHash: hashToken(token), staffId: current.id, roles: current.roles, now: now.toISOString(), expiresAt });
      return { ok: true, token, staff: current, expiresAt };
    },
  };
}
