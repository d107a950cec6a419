import { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BUSINESS_KINDS, BUSINESS_KIND_KEYS, LEGAL_DAYS } from '#domain/business/business-kinds.ts';
import { DEFAULT_PROMISED_LIMITS, parsePromisedLimits, promisedLimitErrorText } from '#domain/calendar/promised-limits.ts';
import { API_BASE } from '#protocol/version.ts';
import { requirePermission } from './access.ts';
import { can } from './permissions.ts';
import { promisedLimitsFrom } from './domain-adapter.ts';
import { beijingTime } from './format.ts';
import { html } from './html.ts';
import { getParsed } from './office-data.ts';
import { flash, page } from './layout.ts';
import { type OfficeDeps } from './deps.ts';
import { caseStages } from './review-service.ts';

const TEXT = {
  title: '承诺办结时限',
  intro: `法定办结时限为自受理之日起 ${LEGAL_DAYS} 个工作日（《不动产登记暂行条例》第二十条）。本表为本机构公开承诺的时限，不得长于法定时限；修改后在服务指南公布，并写入此后安排的出车行程，打印在该行程的受理通知书上。`,
  kind: '登记类型',
  legal: '法定（工作日）',
  promised: '承诺（工作日）',
  save: '保存',
  saved: '已保存',
  defaults: '尚未设置，使用默认承诺时限（国办发〔2019〕8号：一般登记、抵押登记 5 个工作日）。',
  lastSet: (who: string, at: string) => `最近一次由 ${who} 于 ${at} 设置。`,
  noTable: '提交的内容中没有承诺时限表，未作改动。请在本页的表格中填写后保存。',
} as const;

/** Days typed in the page's form, one field per kind (`days.transfer`); the API takes `{ limits: { kind: days } }`. */
const LimitsBody = z.object({ limits: z.record(z.string(), z.unknown()) });

function fromForm(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null) return {};
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).flatMap(([k, v]) => (k.startsWith('days.') && v !== '' ? [[k.slice(5), Number(v)]] : [])),
  );
}

/** The 承诺时限 table: read by anyone on staff, set by the administration, checked by the domain. */
export function registerTimeLimitRoutes(app: FastifyInstance, deps: OfficeDeps): void {
  const { storage } = app.office;

  async function save(staffId: string, input: unknown): Promise<{ ok: true } | { ok: false; message: string }> {
    const checked = parsePromisedLimits(input);
    if (!checked.ok) return { ok: false, message: promisedLimitErrorText(checked.error) };
    await deps.records.setPromisedLimits(checked.value, staffId, app.office.clock.now().toISOString());
    // The open cases' due dates on the dashboard's index move with the table.
    await caseStages(app.office).refreshOpen();
    return { ok: true };
  }

  app.get(`${API_BASE}/office/promised-limits`, async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'view'))) return reply;
    return { legalDays: LEGAL_DAYS, limits: promisedLimitsFrom(await deps.records.promisedLimits()), defaults: DEFAULT_PROMISED_LIMITS, set: await deps.records.promisedLimitsSet() };
  });

  app.put(`${API_BASE}/office/promised-limits`, async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'timeLimits');
    if (!staff) return reply;
    const body = LimitsBody.safeParse(req.body);
    if (!body.success) return reply.code(400).send({ code: 'malformed', message: '需要 limits：{ 登记类型: 工作日 }' });
    const r = await save(staff.id, body.data.limits);
    return r.ok ? { limits: promisedLimitsFrom(await deps.records.promisedLimits()), set: await deps.records.promisedLimitsSet() } : reply.code(400).send({ code: 'invalid-limits', message: r.message });
  });

  app.get<{ Querystring: { msg?: string; err?: string } }>('/office/promised-limits', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'view');
    if (!staff) return reply;
    const limits = promisedLimitsFrom(await deps.records.promisedLimits());
    const editable = can(staff, 'timeLimits');
    const rows = BUSINESS_KIND_KEYS.map((k) => html`<tr><td>${BUSINESS_KINDS[k].name}</td><td>${BUSINESS_KINDS[k].legalDays}</td><td>${
      editable ? html`<input name="days.${k}" type="number" min="1" max="${BUSINESS_KINDS[k].legalDays}" value="${limits[k]}" aria-label="${BUSINESS_KINDS[k].name}承诺时限">` : String(limits[k])
    }</td></tr>`);
    const set = await deps.records.promisedLimitsSet();
    const setter = set ? (await getParsed(storage, 'staff', set.setBy))?.name ?? set.setBy : null;
    const who = html`<p id="limits-set">${set ? TEXT.lastSet(setter ?? set.setBy, beijingTime(set.setAt)) : TEXT.defaults}</p>`;
    const table = html`<table><thead><tr><th>${TEXT.kind}</th><th>${TEXT.legal}</th><th>${TEXT.promised}</th></tr></thead><tbody>${rows}</tbody></table>`;
    const body = html`<p>${TEXT.intro}</p>${who}${flash(req)}${editable ? html`<form method="post" action="/office/promised-limits">${table}<p><button type="submit">${TEXT.save}</button></p></form>` : table}`;
    return reply.type('text/html; charset=utf-8').send(page(TEXT.title, body, staff));
  });

  app.post('/office/promised-limits', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'timeLimits');
    if (!staff) return reply;
    // The page's form names every kind (blank ones keep their default); a request naming none is no such form and saves nothing.
    const named = typeof req.body === 'object' && req.body !== null && Object.keys(req.body).some((k) => k.startsWith('days.'));
    if (!named) return reply.redirect(`/office/promised-limits?err=${encodeURIComponent(TEXT.noTable)}`);
    const r = await save(staff.id, fromForm(req.body));
    return reply.redirect(r.ok ? `/office/promised-limits?msg=${encodeURIComponent(TEXT.saved)}` : `/office/promised-limits?err=${encodeURIComponent(r.message)}`);
  });
}
