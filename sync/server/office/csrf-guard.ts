import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { AUTH_TEXT } from '#server/auth/auth-text.ts';
import { html } from './html.ts';
import { CSRF_FIELD, page } from './layout.ts';
import { routePathOf } from '#server/route-path.ts';
import { csrfMatches } from './session.ts';
import { dropUnread, isUploadForm, leadingFields } from './upload-form.ts';

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
 *
 * An upload form (multipart/form-data) posted without JavaScript carries the token as the body's first field:
 * layout.ts puts it first, and a browser sends a form's fields in tree order (HTML Standard, "constructing the
 * entry list"). A multipart body is not parsed before this hook, so for a route that declares itself an upload
 * form (upload-form.ts) the guard reads the fields before the form's first file and checks the token among them;
 * the route reads the file only once the token is good, so a refused upload stores nothing. A token after the
 * file is not waited for, and no other route's multipart body is read for one (docs/security.md).
 */
export function registerCsrfGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (req, reply) => {
    // The market's portals have sessions of their own and their own guard of the same two checks (portal-auth.ts);
    // the self-service kiosk has no session at all and checks the origin itself (kiosk-routes.ts).
    // By the route reached, not the URL sent: `/%70ortal/…` is a portal route and gets the portal's guard (route-path.ts).
    const path = routePathOf(req);
    if (SAFE.has(req.method) || path.startsWith('/api/') || path.startsWith('/portal/') || path.startsWith('/kiosk/')) return;
    const body = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
    // A form sends the token as a field; a page's own script (the map, the upload forms) as a header no other origin may set.
    const sent = body[CSRF_FIELD] ?? req.headers[CSRF_HEADER];
    const isLogin = path === '/office/login';
    if (!fromOwnOrigin(req)) return refuse(reply);
    if (isLogin || csrfMatches(req, sent)) return;
    if (sent === undefined && isUploadForm(req) && csrfMatches(req, await tokenBeforeFile(req))) return;
    return refuse(reply);
  });
  // A body the guard began to read and nobody finished (a refused upload's file) is dropped once answered.
  app.addHook('onResponse', (req, _reply, done) => {
    dropUnread(req);
    done();
  });
}

/** The token among an upload form's fields before its first file; none if the body breaks before that. */
async function tokenBeforeFile(req: FastifyRequest): Promise<string | undefined> {
  try {
    return (await leadingFields(req))[CSRF_FIELD];
  } catch {
    return undefined;
  }
}

async function refuse(reply: FastifyReply): Promise<void> {
  await reply.code(403).type('text/html; charset=utf-8').send(page(AUTH_TEXT.notDone, html`<p class="flag" role="alert">${AUTH_TEXT.crossSite}</p>`, null));
}
