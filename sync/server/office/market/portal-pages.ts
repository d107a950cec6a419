import { type FastifyInstance } from 'fastify';
import { mayDo, PORTAL_ROLE_TEXT } from '#domain/market/portal-roles.ts';
import { html, Html } from '#server/office/html.ts';
import { page } from '#server/office/layout.ts';
import { type PortalAuth, type PortalUser } from './portal-auth.ts';
import { PT } from './portal-text.ts';
import { MARKET_STYLE } from './sales-table-page.ts';

export const HTML = 'text/html; charset=utf-8';

/** A portal page: the portal's own links and the person's organisation; every POST form carries the session's CSRF token. */
export function portalPage(title: string, body: Html | readonly Html[], user: PortalUser | null): string {
  const nav = user
    ? html`<a href="/portal/${user.kind}">${PT.nav[user.kind].home}</a>${mayDo(user.roles, 'accounts') ? html`<a href="/portal/${user.kind}/accounts">${PT.nav[user.kind].accounts}</a>` : ''}<a href="/public/market">${'销控表'}</a>
<span class="who">${user.orgName} · ${user.name}（${user.roles.map((r) => PORTAL_ROLE_TEXT[r]).join('、')}）<form class="inline" method="post" action="/portal/logout"><button class="secondary" type="submit">${PT.login.logout}</button></form></span>`
    : html`<a href="/public/market">销控表</a><a href="/public/listings">房源信息</a>`;
  const parts: readonly Html[] = body instanceof Html ? [body] : body;
  return page(title, [MARKET_STYLE, ...parts], user ? { name: user.name, roles: [], csrf: user.csrf } : null, { nav });
}

/**
 * Only a path of the portal is followed after login (no open redirect, OWASP ASVS 5.1.5): it starts with
 * `/portal/` and holds only the characters of our own paths and queries, so no backslash or `//` can turn it
 * into another origin.
 */
const portalNext = (raw: string | undefined): string | null =>
  typeof raw === 'string' && raw.length <= 500 && /^\/portal\/[A-Za-z0-9_\-/?=&%.~]*$/.test(raw) && !raw.includes('//') ? raw : null;

/** The portals' sign-in and sign-out. */
export function registerPortalLogin(app: FastifyInstance, auth: PortalAuth): void {
  app.get('/portal', async (req, reply) => {
    const user = await auth.userOf(req);
    return reply.redirect(user ? `/portal/${user.kind}` : '/portal/login');
  });

  app.get<{ Querystring: { next?: string; failed?: string; throttled?: string; out?: string } }>('/portal/login', async (req, reply) => {
    const q = req.query;
    const notice = q.throttled ? html`<p class="error" role="alert">${PT.login.throttled(Math.max(1, Number(q.throttled) || 1))}</p>` : q.failed ? html`<p class="error" role="alert">${PT.login.failed}</p>` : q.out ? html`<p class="okbox">${PT.login.loggedOut}</p>` : '';
    const body = html`<p>${PT.login.intro}</p>${notice}<form method="post" action="/portal/login" class="card" style="max-width:26rem">
<input type="hidden" name="next" value="${portalNext(q.next) ?? ''}">
<label for="login">${PT.login.login}</label><input id="login" name="login" autocomplete="username" required>
<label for="password">${PT.login.password}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit">${PT.login.submit}</button></p></form>`;
    return reply.type(HTML).send(portalPage(PT.login.title, body, null));
  });

  // A request with no form at all (no body) is a failed login like any other, not a failure.
  app.post<{ Body: { login?: string; password?: string; next?: string } | undefined }>('/portal/login', async (req, reply) => {
    const next = portalNext(req.body?.next);
    const out = await auth.login(String(req.body?.login ?? '').slice(0, 64), String(req.body?.password ?? '').slice(0, 256), auth.addressOf(req));
    if (!out.ok) {
      const why = out.status === 429 ? `throttled=${Math.ceil(out.retryAfterSeconds / 60)}` : 'failed=1';
      return reply.redirect(`/portal/login?${why}${next ? `&next=${encodeURIComponent(next)}` : ''}`);
    }
    auth.setCookie(req, reply, out.token, out.expiresAt);
    return reply.redirect(next ?? `/portal/${out.user.kind}`);
  });

  app.post('/portal/logout', async (req, reply) => {
    await auth.logout(req, reply);
    return reply.redirect('/portal/login?out=1');
  });
}
