import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { html } from './html.ts';
import { page } from './layout.ts';
import { T } from './office-text.ts';
import { openOfficeRecords, type OfficeRecords } from './records.ts';
import { loginWithPassword, SESSION_COOKIE, staffOf } from './session.ts';
import { registerDashboardRoutes } from './dashboard-routes.ts';
import { registerPlanningRoutes } from './planning-routes.ts';
import { registerPublicRoutes } from './public-routes.ts';
import { registerReconciliationRoutes } from './reconciliation-routes.ts';
import { registerReviewRoutes } from './review-routes.ts';
import { registerMapRoutes } from './map/map-routes.ts';

/** What the office route modules share besides `app.office`. */
export type OfficeDeps = { records: OfficeRecords };

/**
 * The office side (issue 6): review queues and actions, tracking, appointments and trips,
 * reconciliation, and the public status and service-guide pages. Registered by `buildOfficeApp`
 * through its `plugins` option; it opens its own records over the same database file.
 */
export const officePlugin: FastifyPluginAsync = async (app: FastifyInstance) => {
  // Registered only when the host app has not already (a second registration would fail to start).
  if (!app.hasDecorator('parseCookie')) await app.register(cookie);
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);
  // Only routes that opt in (the public status query) are limited: staff pages are behind a login.
  if (!app.hasDecorator('rateLimit')) await app.register(rateLimit, { global: false });
  const records = openOfficeRecords(app.office.dataDir);
  app.office.onClose(() => records.close());
  const deps: OfficeDeps = { records };

  app.get('/', async (_req, reply) => reply.redirect('/office/queues'));
  app.get('/office', async (_req, reply) => reply.redirect('/office/queues'));

  app.get<{ Querystring: { next?: string; failed?: string } }>('/office/login', async (req, reply) => {
    const next = safeNext(req.query.next);
    const body = html`${req.query.failed === '1' ? html`<p class="error">${T.login.failed}</p>` : ''}
<form method="post" action="/office/login" class="card" style="max-width:26rem">
<input type="hidden" name="next" value="${next}">
<label for="login">${T.login.login}</label><input id="login" name="login" autocomplete="username" required>
<label for="password">${T.login.password}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit">${T.login.submit}</button></p></form>`;
    return reply.type('text/html; charset=utf-8').send(page(T.login.title, body, null));
  });

  app.post<{ Body: { login?: string; password?: string; next?: string } }>('/office/login', async (req, reply) => {
    const next = safeNext(req.body.next);
    const ok = await loginWithPassword(app, reply, String(req.body.login ?? ''), String(req.body.password ?? ''));
    if (!ok) return reply.redirect(`/office/login?failed=1&next=${encodeURIComponent(next)}`);
    return reply.redirect(next);
  });

  app.post('/office/logout', async (_req, reply) => {
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/office/login');
  });

  app.get('/api/v1/office/me', async (req, reply) => {
    const staff = await staffOf(app.office.storage, req);
    if (!staff) return reply.code(401).send({ code: 'unauthorized', message: T.login.required });
    return staff;
  });

  registerReviewRoutes(app, deps);
  registerDashboardRoutes(app, deps);
  registerPlanningRoutes(app, deps);
  registerReconciliationRoutes(app, deps);
  registerPublicRoutes(app);
  registerMapRoutes(app);
};

/** Only same-site paths are followed after login (no open redirect). */
function safeNext(raw: string | undefined): string {
  return typeof raw === 'string' && raw.startsWith('/') && !raw.startsWith('//') ? raw : '/office/queues';
}
