import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { API_BASE } from '#protocol/version.ts';
import { LoginResponse } from '#protocol/messages.ts';
import { hashToken } from '#server/auth/tokens.ts';
import { type OfficeStorage, type Session } from '#server/storage/storage.ts';
import { StaffDoc } from '#protocol/documents/office.ts';

export const SESSION_COOKIE = 'office_session';

/** A logged-in staff member as the office routes see them. */
export type Staff = { id: string; name: string; roles: readonly string[] };

function tokenOf(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (typeof h === 'string' && h.startsWith('Bearer ')) return h.slice(7).trim() || undefined;
  const c = req.cookies[SESSION_COOKIE];
  return typeof c === 'string' && c.length > 0 && c.length < 200 ? c : undefined;
}

/**
 * The staff session behind a request: the API's bearer token or the pages' cookie holding the same
 * token. Sessions and their roles are the sync server's (auth/routes.ts); this only finds them.
 */
export async function staffOf(storage: OfficeStorage, req: FastifyRequest): Promise<Staff | undefined> {
  const token = tokenOf(req);
  if (!token) return undefined;
  const session: Session | undefined = await storage.sessionByTokenHash(hashToken(token), req.server.office.clock.now().toISOString());
  if (!session) return undefined;
  const doc = await storage.getDocument('staff', session.staffId);
  const parsed = doc ? StaffDoc.safeParse(doc.body) : undefined;
  if (!parsed?.success || !parsed.data.active) return undefined;
  return { id: session.staffId, name: parsed.data.name, roles: session.roles };
}

/**
 * Logs in through the office's own login endpoint (one place checks passwords) and keeps the token
 * in an HttpOnly cookie for the pages.
 */
export async function loginWithPassword(
  app: FastifyInstance,
  reply: FastifyReply,
  login: string,
  password: string,
): Promise<LoginResponse | undefined> {
  const res = await app.inject({ method: 'POST', url: `${API_BASE}/auth/login`, payload: { login, password } });
  if (res.statusCode !== 200) return undefined;
  const body = LoginResponse.parse(res.json());
  void reply.setCookie(SESSION_COOKIE, body.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    expires: new Date(body.expiresAt),
  });
  return body;
}
