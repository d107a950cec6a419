import { createHmac, timingSafeEqual } from 'node:crypto';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { bearer } from '#server/auth/guards.ts';
import { type LoginOutcome } from '#server/auth/login.ts';
import { clientAddress } from '#server/auth/routes.ts';
import { hashToken } from '#server/auth/tokens.ts';
import { isApiRequest } from '#server/route-path.ts';
import { type OfficeStorage, type Session } from '#server/storage/storage.ts';
import { StaffDoc } from '#protocol/documents/office.ts';

export const SESSION_COOKIE = 'office_session';

/** A logged-in staff member as the office routes see them. */
export type Staff = {
  id: string;
  name: string;
  roles: readonly string[];
  /** The session's CSRF token, put into every form the pages render for this person (layout.ts). */
  csrf: string;
};

const cookieOf = (req: FastifyRequest): string | undefined => {
  const c = req.cookies[SESSION_COOKIE];
  return typeof c === 'string' && c.length > 0 && c.length < 200 ? c : undefined;
};

/**
 * The session token of a request. The JSON API (`/api/…`) takes the bearer header only: a form on another
 * site can send the cookie but never that header. The pages take the cookie (and the header, for scripts).
 */
function tokenOf(req: FastifyRequest): string | undefined {
  if (isApiRequest(req)) return bearer(req);
  return bearer(req) ?? cookieOf(req);
}

/**
 * The per-session CSRF token (OWASP CSRF Cheat Sheet, "signed double-submit"): an HMAC of the session
 * token, so it needs no storage, changes with every login and cannot be made without the session.
 */
export const csrfTokenOf = (sessionToken: string): string => createHmac('sha256', sessionToken).update('office-csrf-v1').digest('base64url');

/** Whether a form's `_csrf` field is this cookie session's token. A request not made with the cookie needs none. */
export function csrfMatches(req: FastifyRequest, sent: unknown): boolean {
  const cookie = cookieOf(req);
  if (cookie === undefined || bearer(req) !== undefined) return true;
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(csrfTokenOf(cookie));
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The staff session behind a request. Sessions and their roles are the sync server's (auth/login.ts); a
 * session of a person since deactivated is not one.
 */
export async function staffOf(storage: OfficeStorage, req: FastifyRequest): Promise<Staff | undefined> {
  const token = tokenOf(req);
  if (!token) return undefined;
  const session: Session | undefined = await storage.touchSession(hashToken(token), req.server.office.clock.now().toISOString());
  if (!session) return undefined;
  const doc = await storage.getDocument('staff', session.staffId);
  const parsed = doc ? StaffDoc.safeParse(doc.body) : undefined;
  if (!parsed?.success || !parsed.data.active) return undefined;
  return { id: session.staffId, name: parsed.data.name, roles: session.roles, csrf: csrfTokenOf(token) };
}

/**
 * Logs in through the office's one login service (throttled per account and per client address) and keeps
 * the token in an HttpOnly, SameSite=Strict cookie, `Secure` when the client came over HTTPS (directly, or
 * through a proxy the office trusts).
 */
export async function loginWithPassword(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, login: string, password: string): Promise<LoginOutcome> {
  const outcome = await app.office.login.login(login, password, clientAddress(req));
  if (!outcome.ok) return outcome;
  void reply.setCookie(SESSION_COOKIE, outcome.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: req.protocol === 'https',
    expires: new Date(outcome.expiresAt),
  });
  return outcome;
}

/** Ends the session of this request on the server and forgets the cookie. */
export async function logout(storage: OfficeStorage, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = cookieOf(req) ?? bearer(req);
  if (token) await storage.endSession(hashToken(token));
  void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https' });
}
