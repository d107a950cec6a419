/**
 * Wrong passwords per login on this van (domain/staff/login-backoff.ts), kept as a local document of its
 * database so reloading the page or restarting the app does not start the count again.
 */
import { type LoginAttempts, NO_ATTEMPTS, afterFailure } from '#domain/staff/login-backoff.ts';
import { type VanDatabase } from './database.ts';

const ATTEMPTS_DOC = 'login-attempts';
type Stored = { byLogin: Record<string, LoginAttempts> };

async function all(db: VanDatabase): Promise<Record<string, LoginAttempts>> {
  const stored = await db.getLocal<Stored>(ATTEMPTS_DOC);
  return stored ? { ...(stored.toJSON().data as Stored).byLogin } : {};
}

export async function loginAttempts(db: VanDatabase, login: string): Promise<LoginAttempts> {
  return (await all(db))[login] ?? NO_ATTEMPTS;
}

export async function recordWrongPassword(db: VanDatabase, login: string, atIso: string): Promise<LoginAttempts> {
  const byLogin = await all(db);
  const next = afterFailure(byLogin[login] ?? NO_ATTEMPTS, atIso);
  await db.upsertLocal<Stored>(ATTEMPTS_DOC, { byLogin: { ...byLogin, [login]: next } });
  return next;
}

export async function clearAttempts(db: VanDatabase, login: string): Promise<void> {
  const byLogin = await all(db);
  if (!(login in byLogin)) return;
  delete byLogin[login];
  await db.upsertLocal<Stored>(ATTEMPTS_DOC, { byLogin });
}
