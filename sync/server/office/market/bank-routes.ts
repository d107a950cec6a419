import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { chinaDateTime } from '#domain/calendar/china-time.ts';
import { FILING_EVENT_TEXT, FILING_REFUSAL_TEXT } from '#domain/market/market-text.ts';
import { parseYuan } from '#domain/money.ts';
import { typedFields } from '#domain/forms/typed-fields.ts';
import { html, type Html } from '#server/office/html.ts';
import { GuessBudget } from '#server/guess-budget.ts';
import { actorOf } from './developer-deps.ts';
import { type FilingService, type FilingView } from './filing-service.ts';
import { filingPlace, filingSummary } from './filing-view.ts';
import { type MarketStores } from './market-store.ts';
import { type PortalAuth, type PortalUser } from './portal-auth.ts';
import { HTML, portalPage } from './portal-pages.ts';
import { formOf } from './form-of.ts';
import { PT } from './portal-text.ts';

const Pair = z.object({ contract: z.string().trim().max(20).default(''), buyerId: z.string().trim().max(30).default('') });
const Record_ = Pair.extend({ loan: z.string().trim().max(20).default(''), mortgageContract: z.string().trim().max(60).default('') });
const Release = Pair.extend({ reason: z.string().trim().max(500).default('') });

/** Per client address: enough for a loan officer's day, far too few to guess a buyer's ID number for a contract. */
const LOOKUP_LIMIT = { max: 30, windowMs: 60_000 };
/**
 * Per bank account as well: a stolen sign-in used from many addresses (each with its own budget) would otherwise
 * guess at the rate of all of them together. One officer at one desk never meets both limits apart.
 */
const ACCOUNT_LOOKUP_LIMIT = { max: 30, windowMs: 60_000 };

/** What the pre-mortgage and release forms had typed in. */
const TYPED_FIELDS = ['loan', 'mortgageContract', 'reason'] as const;
type Typed = Partial<Record<(typeof TYPED_FIELDS)[number], string>>;

type BankDeps = { auth: PortalAuth; stores: MarketStores; filings: FilingService };

/**
 * The bank portal: a filing is seen only by naming its contract number and a buyer's ID number, and nothing
 * else can be searched; a 预抵押 is recorded or released on it; the bank is told of every later change.
 */
export function registerBankRoutes(app: FastifyInstance, d: BankDeps): void {
  const { auth, stores, filings } = d;
  // One budget for every form that names a contract and a buyer's ID number: the look-up, and the pre-mortgage and
  // release forms, which look the filing up again and answer "not found" alike (guess-budget.ts).
  const byAddress = GuessBudget.of(app.office, 'bank-filing-lookup', LOOKUP_LIMIT);
  const byAccount = GuessBudget.of(app.office, 'bank-filing-lookup-account', ACCOUNT_LOOKUP_LIMIT);
  /** Whether this guess is within both budgets, the client address's and the signed-in account's; a refused one costs neither. */
  const mayGuess = (req: FastifyRequest, user: PortalUser) => GuessBudget.takeEach([byAddress, auth.addressOf(req)], [byAccount, user.accountId]);
  const tooMany = (user: PortalUser, reply: FastifyReply) => home(user, html`<p class="flag" role="alert">${PT.bank.tooMany}</p>`, 429, reply);

  /** The bank's page; `typed` is the pair a look-up just named, kept in the form when nothing was found (to correct a typo). */
  async function home(user: PortalUser, extra: Html, status = 200, reply: FastifyReply, typed: { contract: string; buyerId: string } = { contract: '', buyerId: '' }) {
    const notices = await stores.filings.notices(user.orgId, 50);
    const body = html`<p>${PT.bank.intro}</p>
<form method="post" action="/portal/bank/lookup" class="card search" data-testid="bank-lookup"><label>${PT.bank.contract}<input name="contract" autocomplete="off" required value="${typed.contract}"></label><label>${PT.bank.buyerId}<input name="buyerId" autocomplete="off" required value="${typed.buyerId}"></label><button type="submit">${PT.bank.lookup}</button></form>
${extra}<h2>${PT.bank.notices}</h2>${notices.length === 0 ? html`<p>${PT.bank.none}</p>` : html`<table data-testid="bank-notices"><thead><tr>${PT.bank.noticeHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
${notices.map((n) => html`<tr><td>${chinaDateTime(n.at)}</td><td>${n.contractNumber}</td><td>${FILING_EVENT_TEXT[n.kind]}</td><td>${n.readAt ? '' : html`<span class="tag warn">${PT.bank.unread}</span>`}</td></tr>`)}</tbody></table>
<form method="post" action="/portal/bank/notices/read"><input type="hidden" name="upTo" value="${notices[0]?.id ?? 0}"><button type="submit" class="secondary">${PT.bank.markRead}</button></form>`}`;
    return reply.code(status).type(HTML).send(portalPage(PT.bank.title, body, user));
  }

  /** The filing looked up, with the forms it allows; `typed` is what a refused form had in it, shown there again. */
  async function result(v: FilingView, pair: z.infer<typeof Pair>, user: PortalUser, message: Html, typed: Typed = {}): Promise<Html> {
    const hidden = html`<input type="hidden" name="contract" value="${pair.contract}"><input type="hidden" name="buyerId" value="${pair.buyerId}">`;
    const pm = v.state.preMortgage;
    const canAct = v.state.status === 'active' && user.roles.includes('officer');
    const t = (k: keyof Typed) => typed[k] ?? '';
    return html`<h2>${PT.bank.result} · ${v.row.contractNumber}</h2>${message}${filingSummary(v, await filingPlace(stores.table, v.row.unitNumber))}<div class="actions">
${canAct && !pm ? html`<form method="post" action="/portal/bank/pre-mortgage" data-testid="pre-mortgage-form"><b>${PT.bank.record}</b>${hidden}<label>${PT.bank.loan}<input name="loan" required value="${t('loan')}"></label><label>${PT.bank.mortgageContract}<input name="mortgageContract" required value="${t('mortgageContract')}"></label><button type="submit">${PT.bank.submitRecord}</button></form>` : ''}
${canAct && pm?.bankId === user.orgId ? html`<form method="post" action="/portal/bank/release" data-testid="release-form"><b>${PT.bank.release}</b>${hidden}<label>${PT.bank.releaseReason}<input name="reason" required value="${t('reason')}"></label><button type="submit" class="danger">${PT.bank.submitRelease}</button></form>` : ''}</div>`;
  }

  app.get('/portal/bank', async (req, reply) => {
    const user = await auth.require(req, reply, 'bank');
    return user ? home(user, html``, 200, reply) : reply;
  });

  app.post('/portal/bank/lookup', async (req, reply) => {
    const user = await auth.require(req, reply, 'bank', 'lend');
    if (!user) return reply;
    const pair = formOf(Pair, req.body);
    if (!pair) return home(user, html`<p class="flag" role="alert">${PT.formInvalid}</p>`, 400, reply);
    if (!(await mayGuess(req, user))) return tooMany(user, reply);
    const v = await filings.bankLookup(actorOf(user), pair.contract, pair.buyerId);
    if (!v) return home(user, html`<p class="flag" role="alert" data-testid="bank-not-found">${PT.bank.notFound}</p>`, 404, reply, pair);
    return home(user, await result(v, pair, user, html``), 200, reply);
  });

  /** Every action names the pair again: a bank acts only on a filing it can name, as it looked it up. */
  async function act(req: FastifyRequest, reply: FastifyReply, user: PortalUser, command: (body: Record<string, string>) => Parameters<FilingService['act']>[2] | string) {
    const body = Object.fromEntries(Object.entries((req.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    // Refused, the form comes back as typed (the amount, the mortgage contract's number, the reason), not empty.
    const typed = typedFields(body, TYPED_FIELDS);
    const pair = formOf(Pair, body);
    if (!pair) return home(user, html`<p class="flag" role="alert">${PT.formInvalid}</p>`, 400, reply);
    if (!(await mayGuess(req, user))) return tooMany(user, reply);
    const v = await filings.bankLookup(actorOf(user), pair.contract, pair.buyerId);
    if (!v) return home(user, html`<p class="flag" role="alert">${PT.bank.notFound}</p>`, 404, reply, pair);
    const c = command(body);
    if (typeof c === 'string') return home(user, await result(v, pair, user, html`<p class="flag" role="alert">${c}</p>`, typed), 400, reply);
    const r = await filings.act(actorOf(user), v.row.id, c);
    if (!r.ok) return home(user, await result(v, pair, user, html`<p class="flag" role="alert">${r.error === 'not-found' || r.error === 'busy' ? PT.bank.notFound : FILING_REFUSAL_TEXT[r.error]}</p>`, typed), 400, reply);
    const done = c.kind === 'pre-mortgage' ? PT.bank.recorded : PT.bank.released;
    return home(user, await result(r.value, pair, user, html`<p class="okbox" role="status">${done}</p>`), 200, reply);
  }

  app.post('/portal/bank/pre-mortgage', async (req, reply) => {
    const user = await auth.require(req, reply, 'bank', 'lend');
    if (!user) return reply;
    return act(req, reply, user, (b) => {
      const f = formOf(Record_, b);
      if (!f) return PT.formInvalid;
      const loan = parseYuan(f.loan);
      return loan.ok ? { kind: 'pre-mortgage', loanFen: loan.value, mortgageContractNumber: f.mortgageContract } : FILING_REFUSAL_TEXT['loan-too-large'];
    });
  });

  app.post('/portal/bank/release', async (req, reply) => {
    const user = await auth.require(req, reply, 'bank', 'lend');
    if (!user) return reply;
    return act(req, reply, user, (b) => {
      const f = formOf(Release, b);
      return f ? { kind: 'release-pre-mortgage', reason: f.reason } : PT.formInvalid;
    });
  });

  app.post<{ Body: { upTo?: string } }>('/portal/bank/notices/read', async (req, reply) => {
    const user = await auth.require(req, reply, 'bank');
    if (!user) return reply;
    await stores.filings.markNoticesRead(user.orgId, Number(req.body.upTo) || 0, app.office.clock.now().toISOString());
    return reply.redirect('/portal/bank');
  });
}
