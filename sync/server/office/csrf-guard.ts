import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { AUTH_TEXT } from '#server/auth/auth-text.ts';
import { html } from './html.ts';
import { CSRF_FIELD, page } from './layout.ts';
import { csrfMatches } from './session.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const CSRF_HEADER = 'x-csrf-token';

/**
 * The browser says where a request comes from (Fetch Metadata, W3C; Origin, RFC 6454). A state-changing
 * page request must come from the office's own origin: SameSite=Strict alone still lets any other port of
 * the same host post a form (same site, other origin). A client that sends neither header (not a browser)
 * is judged by the CSRF token alone.
 */
export function fromOwnOrigin(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin === `${req.protocol}://${req.host}`;
}

/**
 * Every state-changing request to the office pages (not the bearer-only `/api/…`) must come from the
 * office's own origin and, when it rides on the session cookie, carry that session's CSRF token (OWASP
 * CSRF Cheat Sheet: token plus origin verification). The login form has no session yet: its origin is checked.
 */
export function registerCsrfGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (req, reply) => {
    // The market's portals have sessions of their own and their own guard of the same two checks (portal-auth.ts);
    // the self-service kiosk has no session at all and checks the origin itself (kiosk-routes.ts).
    if (SAFE.has(req.method) || req.url.startsWith('/api/') || req.url.startsWith('/portal/') || req.url.startsWith('/kiosk/')) return;
    const body = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
    // A form sends the token as a field; a page's own script (the map) as a header no other origin may set.
    const sent = body[CSRF_FIELD] ?? req.headers[CSRF_HEADER];
    const isLogin = req.url.split('?')[0] === '/office/login';
    if (fromOwnOrigin(req) && (isLogin || csrfMatches(req, sent))) return;
    await reply.code(403).type('text/html; charset=utf-8').send(page('操作未执行', html`<p class="flag" role="alert">${AUTH_TEXT.crossSite}</p>`, null));
  });
}
