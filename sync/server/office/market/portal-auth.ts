import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { type Clock } from '#domain/clock.ts';
import { mayDo, type PortalKind, type PortalPermission, type PortalRole } from '#domain/market/portal-roles.ts';
import { verifyPassword } from '#protocol/password-hash.ts';
import { belowCost, hashAtCost } from '#server/auth/password-cost.ts';
import { bearer } from '#server/auth/guards.ts';
import { type LoginThrottle } from '#server/auth/login-throttle.ts';
import { clientAddress } from '#server/auth/routes.ts';
import { absoluteDeadline, idleDeadline, movedDeadline } from '#server/auth/session-limits.ts';
import { hashToken, newToken } from '#server/auth/tokens.ts';
import { fromOwnOrigin } from '#server/office/csrf-guard.ts';
import { isApiRequest, routePathOf } from '#server/route-path.ts';
import { CSRF_FIELD } from '#server/office/layout.ts';
import { csrfTokenOf } from '#server/office/session.ts';
import { type MarketStores } from './market-store.ts';
import { PT } from './portal-text.ts';

export const PORTAL_COOKIE = 'portal_session';

/** A person of a developer, bank or agency behind a request, with their organisation. */
export type PortalUser = { accountId: string; login: string; name: string; orgId: string; orgName: string; kind: PortalKind; roles: readonly PortalRole[]; csrf: string };

export type PortalLogin = { ok: true; token: string; user: PortalUser; expiresAt: string } | { ok: false; status: 401 | 429; message: string; retryAfterSeconds: number };

const throttled = (verdict: { retryAfterMs: number }): PortalLogin => ({
  ok: false,
  status: 429,
  message: PT.login.throttled(Math.max(1, Math.ceil(verdict.retryAfterMs / 60_000))),
  retryAfterSeconds: Math.ceil(verdict.retryAfterMs / 1000),
});

const cookieOf = (req: FastifyRequest): string | undefined => {
  const c = req.cookies[PORTAL_COOKIE];
  return typeof c === 'string' && c.length > 0 && c.length < 200 ? c : undefined;
};

/** The portal's JSON API takes the bearer header only; its pages take the cookie. */
const tokenOf = (req: FastifyRequest): string | undefined => (isApiRequest(req) ? bearer(req) : (cookieOf(req) ?? bearer(req)));

/**
 * The portals' sign-in and sessions, by the office's own mechanisms applied to their own accounts: PBKDF2
 * password hashes (made again at login when below today's cost), logins throttled per account and per client
 * address with a dummy hash for unknown logins (OWASP ASVS 2.2.1), revocable sessions kept by token hash,
 * an HttpOnly SameSite=Strict cookie (Secure over HTTPS), and per-session CSRF tokens with an Origin check.
 */
export class PortalAuth {
  private dummy: Promise<string> | undefined;

  /** `throttle` counts the portals' failed sign-ins (realm `portal`, apart from the staff's); `verify` checks a password against its hash. */
  constructor(
    private readonly stores: MarketStores,
    private readonly throttle: LoginThrottle,
    private readonly clock: Clock,
    /** The office's password cost (password-cost.ts). */
    private readonly iterations: number,
    private readonly verify: (password: string, encoded: string) => Promise<boolean> = verifyPassword,
  ) {}

  async login(login: string, password: string, address: string): Promise<PortalLogin> {
    // Refused before any hashing while the limit holds; checked again, with the outcome recorded, under the locks.
    const verdict = await this.throttle.check(login, address);
    if (!verdict.ok) return throttled(verdict);
    const account = await this.stores.portal.accountByLogin(login);
    const org = account && (await this.stores.table.org(account.orgId));
    const usable = account !== undefined && account.active && org?.active === true;
    this.dummy ??= hashAtCost(randomBytes(16).toString('base64'), this.iterations);
    const matches = await this.verify(password, usable ? account.passwordHash : await this.dummy);
    const settled = await this.throttle.settle(login, address, usable && matches);
    if (!settled.ok) return throttled(settled);
    if (!usable || !org || !matches) return { ok: false, status: 401, message: PT.login.failed, retryAfterSeconds: 0 };
    const now = this.clock.now();
    if (belowCost(account.passwordHash, this.iterations)) await this.stores.portal.updateAccount(account.id, { passwordHash: await hashAtCost(password, this.iterations) }, now.toISOString(), false);
    const token = newToken();
    // The row holds the idle deadline; the cookie lasts until the latest the session can (session-limits.ts).
    const expiresAt = absoluteDeadline(now);
    await this.stores.portal.createSession({ tokenHash: hashToken(token), accountId: account.id, createdAt: now.toISOString(), expiresAt: idleDeadline(now, now) });
    return { ok: true, token, expiresAt, user: { accountId: account.id, login: account.login, name: account.name, orgId: org.id, orgName: org.name, kind: org.kind, roles: account.roles, csrf: csrfTokenOf(token) } };
  }

  /** The portal user behind a request: a session neither ended nor expired (idle or at its end), of an active account of an active organisation. */
  async userOf(req: FastifyRequest): Promise<PortalUser | undefined> {
    const token = tokenOf(req);
    if (!token) return undefined;
    const now = this.clock.now();
    const tokenHash = hashToken(token);
    const session = await this.stores.portal.sessionAccount(tokenHash, now.toISOString());
    // The request keeps the session alive for another idle period (OWASP ASVS 4.0 3.3.2).
    const until = session && movedDeadline(session, now);
    if (session && until) await this.stores.portal.extendSession(tokenHash, now.toISOString(), until);
    const account = session ? await this.stores.portal.account(session.accountId) : undefined;
    const org = account ? await this.stores.table.org(account.orgId) : undefined;
    if (!account?.active || !org?.active) return undefined;
    return { accountId: account.id, login: account.login, name: account.name, orgId: org.id, orgName: org.name, kind: org.kind, roles: account.roles, csrf: csrfTokenOf(token) };
  }

  async logout(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = cookieOf(req) ?? bearer(req);
    if (token) await this.stores.portal.endSession(hashToken(token), this.clock.now().toISOString());
    void reply.clearCookie(PORTAL_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https' });
  }

  setCookie(req: FastifyRequest, reply: FastifyReply, token: string, expiresAt: string): void {
    void reply.setCookie(PORTAL_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https', expires: new Date(expiresAt) });
  }

  /**
   * The user, of the portal of `kind`, holding `permission` (any portal role when omitted); otherwise the reply is
   * sent (a redirect to the login page, 401/403 JSON for the API, a 403 page) and undefined returned.
   */
  async require(req: FastifyRequest, reply: FastifyReply, kind: PortalKind, permission?: PortalPermission): Promise<PortalUser | undefined> {
    const user = await this.userOf(req);
    const api = isApiRequest(req);
    if (!user) {
      if (api) await reply.code(401).send({ code: 'unauthorized', message: PT.login.required });
      else await reply.redirect(`/portal/login?next=${encodeURIComponent(req.url)}`);
      return undefined;
    }
    if (user.kind !== kind || (permission && !mayDo(user.roles, permission))) {
      if (api) await reply.code(403).send({ code: 'forbidden', message: PT.forbidden });
      else await reply.code(403).type('text/html; charset=utf-8').send(`<!doctype html><meta charset="utf-8"><p>${PT.forbidden}</p>`);
      return undefined;
    }
    return user;
  }

  /** The addresses a login is throttled by: the client's, as the office's trusted-proxy setting reads it. */
  readonly addressOf = (req: FastifyRequest): string => clientAddress(req);
}

/**
 * Whether a form's `_csrf` field is this portal session's token. A request not signed in by the cookie needs none;
 * one that carries the cookie is signed in by it (`tokenOf`: the cookie before a bearer header on the pages), so a
 * bearer header beside it must not excuse it from the token.
 */
function portalCsrfMatches(req: FastifyRequest, sent: unknown): boolean {
  const cookie = cookieOf(req);
  if (cookie === undefined || tokenOf(req) !== cookie) return true;
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(csrfTokenOf(cookie));
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The portals' CSRF guard (OWASP CSRF Cheat Sheet: token plus origin verification), the office guard's twin
 * for the portal session: every state-changing request to `/portal/…` comes from the office's own origin and,
 * riding on the portal cookie, carries that session's token. The login form has no session yet: its origin is checked.
 */
export function registerPortalCsrfGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (req, reply) => {
    // By the route reached, not the URL sent (route-path.ts): `/%70ortal/…` is a portal route all the same.
    const path = routePathOf(req);
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' || !path.startsWith('/portal/')) return;
    const body = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
    const isLogin = path === '/portal/login';
    if (fromOwnOrigin(req) && (isLogin || portalCsrfMatches(req, body[CSRF_FIELD]))) return;
    await reply.code(403).type('text/html; charset=utf-8').send(`<!doctype html><meta charset="utf-8"><p>${PT.crossSite}</p>`);
  });
}
