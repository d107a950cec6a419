import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { html } from './html.ts';
import { page } from './layout.ts';
import { T } from './office-text.ts';
import { type OfficeDeps } from './deps.ts';
import { officeRecords } from './records.ts';
import { AUTH_TEXT } from '#server/auth/auth-text.ts';
import { registerCsrfGuard } from './csrf-guard.ts';
import { registerDeviceRoutes } from './devices-routes.ts';
import { registerBundleRoutes } from '#server/bundles/bundle-routes.ts';
import { loginWithPassword, logout, staffOf } from './session.ts';
import { registerDashboardRoutes } from './dashboard-routes.ts';
import { registerPlanningRoutes } from './planning-routes.ts';
import { registerPublicRoutes } from './public-routes.ts';
import { registerReconciliationRoutes } from './reconciliation-routes.ts';
import { registerStatementRoutes } from './statement-routes.ts';
import { statementStore } from './statement-store.ts';
import { registerReviewRoutes } from './review-routes.ts';
import { registerTimeLimitRoutes } from './time-limits-routes.ts';
import { registerMapPortal } from './map/map-portal.ts';
import { registerMapRoutes } from './map/map-routes.ts';
import { registerArchiveRoutes } from './archive/archive-routes.ts';
import { ArchiveRegister } from './market/archive-register.ts';
import { registerMarketRoutes } from './market/market-routes.ts';
import { dbMarketStores } from './market/db-market-store.ts';
import { filingSlots } from './market/filing-slots.ts';
import { registerProvinceRoutes } from './province/province-routes.ts';

/**
 * The office side (issue 6): review queues and actions, tracking, appointments and trips,
 * reconciliation, and the public status and service-guide pages. Registered by `buildOfficeApp`
 * through its `plugins` option; it opens its own records over the same database file.
 */
export const officePlugin: FastifyPluginAsync = async (app: FastifyInstance) => {
  // Registered only when the host app has not already (a second registration would fail to start).
  if (!app.hasDecorator('parseCookie')) await app.register(cookie);
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);
  const records = officeRecords(app.office.storage.db);
  // The case page reads each unit's contract filing from the filing system (its tables on the same database).
  const deps: OfficeDeps = { records, statements: statementStore(app.office.storage.db), filings: filingSlots(dbMarketStores(app.office.storage.db).filings) };

  app.get('/', async (_req, reply) => reply.redirect('/office/queues'));
  app.get('/office', async (_req, reply) => reply.redirect('/office/queues'));

  registerCsrfGuard(app);

  app.get<{ Querystring: { next?: string; failed?: string; throttled?: string; out?: string } }>('/office/login', async (req, reply) => {
    const next = safeNext(req.query.next);
    const notice =
      req.query.throttled !== undefined
        ? html`<p class="error" role="alert">${AUTH_TEXT.throttledAccount(Math.max(1, Number(req.query.throttled) || 1))}</p>`
        : req.query.failed === '1'
          ? html`<p class="error" role="alert">${T.login.failed}</p>`
          : req.query.out === '1'
            ? html`<p class="okbox">${T.login.loggedOut}</p>`
            : '';
    const body = html`${notice}
<form method="post" action="/office/login" class="card" style="max-width:26rem">
<input type="hidden" name="next" value="${next}">
<label for="login">${T.login.login}</label><input id="login" name="login" autocomplete="username" required>
<label for="password">${T.login.password}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit">${T.login.submit}</button></p></form>`;
    return reply.type('text/html; charset=utf-8').send(page(T.login.title, body, null));
  });

  // A request with no form at all (no body) is a failed login like any other, not a failure.
  app.post<{ Body: { login?: string; password?: string; next?: string } | undefined }>('/office/login', async (req, reply) => {
    const next = safeNext(req.body?.next);
    const outcome = await loginWithPassword(app, req, reply, String(req.body?.login ?? '').slice(0, 64), String(req.body?.password ?? '').slice(0, 256));
    if (outcome.ok) return reply.redirect(next);
    const why = outcome.status === 429 ? `throttled=${Math.ceil(outcome.retryAfterSeconds / 60)}` : 'failed=1';
    return reply.redirect(`/office/login?${why}&next=${encodeURIComponent(next)}`);
  });

  app.post('/office/logout', async (req, reply) => {
    await logout(app.office.storage, req, reply);
    return reply.redirect('/office/login?out=1');
  });

  app.get('/api/v1/office/me', async (req, reply) => {
    const staff = await staffOf(app.office.storage, req);
    if (!staff) return reply.code(401).send({ code: 'unauthorized', message: T.login.required });
    return { id: staff.id, name: staff.name, roles: staff.roles };
  });

  registerReviewRoutes(app, deps);
  registerDashboardRoutes(app, deps);
  registerPlanningRoutes(app, deps);
  registerStatementRoutes(app, deps, registerReconciliationRoutes(app, deps));
  registerDeviceRoutes(app);
  registerBundleRoutes(app);
  registerPublicRoutes(app, deps);
  registerTimeLimitRoutes(app, deps);
  const map = registerMapRoutes(app);
  // The market reads the archive's register and hears of its changes through the same store.
  const market: { register?: ArchiveRegister } = {};
  const province = registerProvinceRoutes(app);
  await registerArchiveRoutes(app, app.office.clock, (store) => (market.register = new ArchiveRegister(store)).store, province);
  if (market.register) registerMapPortal(app, map, (await registerMarketRoutes(app, market.register)).auth);
};

const HOME = '/office/queues';

/**
 * Only a path of this office is followed after login (no open redirect, OWASP ASVS 5.1.5). Browsers read a
 * backslash as a slash (`/\evil.example` is `//evil.example`), so a path with one, a control character or
 * anything that resolves to another origin goes home instead.
 */
export function safeNext(raw: string | undefined): string {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//') || raw.length > 2000) return HOME;
  if ([...raw].some((c) => c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return HOME;
  const base = 'http://office.invalid';
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return HOME;
  }
  return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : HOME;
}
