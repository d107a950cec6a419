import { officeId } from '#domain/city/office-ids.ts';
import { randomUUID } from 'node:crypto';
import { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type Clock } from '#domain/clock.ts';
import { type PortalKind, type PortalRole, PORTAL_KINDS, PORTAL_ROLE_TEXT, ROLES_OF } from '#domain/market/portal-roles.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { hashAtCost } from '#server/auth/password-cost.ts';
import { html } from '#server/office/html.ts';
import { flash } from '#server/office/layout.ts';
import { type Account, type MarketStores } from './market-store.ts';
import { type PortalAuth } from './portal-auth.ts';
import { HTML, portalPage } from './portal-pages.ts';
import { formOf } from './form-of.ts';
import { PT } from './portal-text.ts';

export const MIN_PASSWORD = 10;
export type AccountError = 'login-taken' | 'password-short' | 'no-roles' | 'login';

/** What is wrong with a new account's login, name and password as typed, before anything is stored; null when nothing. */
export function accountInputProblem(input: { login: string; name: string; password: string }): 'login' | 'password-short' | null {
  if (!/^[A-Za-z0-9_.-]{3,64}$/.test(input.login.trim()) || input.name.trim() === '') return 'login';
  return input.password.length < MIN_PASSWORD ? 'password-short' : null;
}

type AccountMaker = { clock: Clock; areaCode: string | null; passwordIterations: number };
export type AccountInput = { login: string; name: string; roles: readonly string[]; password: string };

/**
 * A portal login for an organisation, not yet stored: roles its kind hands out and an initial password hashed as office
 * staff's are. Whether the login is free is the store's to say, when it stores the account.
 */
export async function newAccount(office: AccountMaker, org: { id: string; kind: PortalKind }, input: AccountInput): Promise<Result<Account, AccountError>> {
  const problem = accountInputProblem(input);
  if (problem) return err(problem);
  const roles = ROLES_OF[org.kind].filter((r) => input.roles.includes(r));
  if (roles.length === 0) return err('no-roles');
  return ok({ id: officeId(office.areaCode, 'account', randomUUID()), orgId: org.id, login: input.login.trim(), name: input.name.trim(), roles, passwordHash: await hashAtCost(input.password, office.passwordIterations), active: true, updatedAt: office.clock.now().toISOString() });
}

/** Creates a portal login for an organisation that already has its first admin. */
export async function createAccount(stores: MarketStores, office: AccountMaker, org: { id: string; kind: PortalKind }, input: AccountInput): Promise<Result<Account, AccountError>> {
  const account = await newAccount(office, org, input);
  if (!account.ok) return account;
  return (await stores.portal.createAccount(account.value)) === 'ok' ? account : err('login-taken');
}

export const ACCOUNT_ERROR_TEXT: Record<AccountError, string> = {
  'login-taken': PT.accounts.loginTaken,
  'password-short': PT.accounts.passwordShort,
  'no-roles': PT.accounts.noRoles,
  login: '账号只能用 3 至 64 位字母、数字和 _ . -，并请填写姓名。',
};

const NewAccount = z.object({ login: z.string().max(64).default(''), name: z.string().max(100).default(''), password: z.string().max(256).default(''), roles: z.union([z.string(), z.array(z.string())]).default([]) });
/** Stopping or starting an account: the form's hidden field says which, and a request without it does neither. */
const ActiveForm = z.object({ active: z.enum(['0', '1']) });

/** An organisation's own logins, kept by its administrator: new accounts, and accounts stopped or started again. */
export function registerAccountRoutes(app: FastifyInstance, d: { auth: PortalAuth; stores: MarketStores }): void {
  for (const kind of PORTAL_KINDS) {
    const base = `/portal/${kind}/accounts`;
    app.get<{ Querystring: { msg?: string; err?: string } }>(base, async (req, reply) => {
      const user = await d.auth.require(req, reply, kind, 'accounts');
      if (!user) return reply;
      const accounts = await d.stores.portal.accountsOf(user.orgId);
      const body = html`${flash(req)}<table data-testid="accounts"><thead><tr>${PT.accounts.head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
${accounts.map((a) => html`<tr><td>${a.login}</td><td>${a.name}</td><td>${a.roles.map((r) => PORTAL_ROLE_TEXT[r]).join('、')}</td><td>${a.active ? PT.accounts.active : PT.accounts.inactive}</td>
<td>${a.id === user.accountId ? '' : html`<form class="inline" method="post" action="${base}/${a.id}/active"><input type="hidden" name="active" value="${a.active ? '0' : '1'}"><button type="submit" class="secondary">${a.active ? PT.accounts.deactivate : PT.accounts.activate}</button></form>`}</td></tr>`)}</tbody></table>
<h2>${PT.accounts.create}</h2><form method="post" action="${base}" class="card search"><label>${PT.accounts.login}<input name="login" required></label><label>${PT.accounts.name}<input name="name" required></label>
<label>${PT.accounts.password}<input name="password" type="password" autocomplete="new-password" required></label>
<fieldset><legend>${PT.accounts.roles}</legend>${ROLES_OF[kind].map((r: PortalRole) => html`<label><input type="checkbox" name="roles" value="${r}" style="min-width:0"> ${PORTAL_ROLE_TEXT[r]}</label>`)}</fieldset><button type="submit">${PT.accounts.create}</button></form>`;
      return reply.type(HTML).send(portalPage(PT.accounts.title, body, user));
    });

    app.post(base, async (req, reply) => {
      const user = await d.auth.require(req, reply, kind, 'accounts');
      if (!user) return reply;
      const f = formOf(NewAccount, req.body);
      if (!f) return reply.redirect(`${base}?err=${encodeURIComponent(PT.formInvalid)}`);
      const r = await createAccount(d.stores, app.office, { id: user.orgId, kind }, { ...f, roles: Array.isArray(f.roles) ? f.roles : [f.roles] });
      return reply.redirect(`${base}?${r.ok ? `msg=${encodeURIComponent(PT.accounts.created)}` : `err=${encodeURIComponent(ACCOUNT_ERROR_TEXT[r.error])}`}`);
    });

    app.post<{ Params: { id: string } }>(`${base}/:id/active`, async (req, reply) => {
      const user = await d.auth.require(req, reply, kind, 'accounts');
      if (!user) return reply;
      const f = formOf(ActiveForm, req.body);
      if (!f) return reply.redirect(`${base}?err=${encodeURIComponent(PT.formInvalid)}`);
      const target = await d.stores.portal.account(req.params.id);
      if (target?.orgId !== user.orgId || target.id === user.accountId) return reply.redirect(`${base}?err=${encodeURIComponent(PT.accounts.self)}`);
      // Stopping an account ends its sessions at once, in the same transaction.
      await d.stores.portal.updateAccount(target.id, { active: f.active === '1' }, app.office.clock.now().toISOString(), true);
      return reply.redirect(base);
    });
  }
}
