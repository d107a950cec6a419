import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '#office/platform/db/sql.ts';
import { csrfTokenOf, SESSION_COOKIE } from '#server/office/session.ts';
import { type OfficeUnderTest, openOffice } from '../../security/route-kit.ts';

/**
 * A court's cancellation of a filed contract is recorded with the kind of its document (判决书, 裁定书, 调解书, 协助执行
 * 通知书) as the approver chose it on the form: a kind the form does not offer is refused, never recorded as another.
 */
let office: OfficeUnderTest;
let approver: string;
let filingId: string;

beforeAll(async () => {
  office = await openOffice('filing-court-route');
  approver = await office.staffSession('chenjing');
  const row = await office.storage.db.get<{ id: string }>(sql`SELECT id FROM market_filings WHERE status = 'active' ORDER BY contract_number LIMIT 1`);
  if (!row) throw new Error('the demo market holds no active filing');
  filingId = row.id;
});
afterAll(async () => office.close());

async function cancelByCourt(documentKind: string): Promise<{ status: number; location: string; body: string }> {
  const res = await office.app.inject({
    method: 'POST',
    url: `/office/market/filings/${encodeURIComponent(filingId)}/court`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${SESSION_COOKIE}=${approver}` },
    payload: new URLSearchParams({ _csrf: csrfTokenOf(approver), court: '佳木斯市向阳区人民法院', documentKind, documentNumber: '(2026)黑0803民初55号', reason: '法院判决解除合同' }).toString(),
  });
  return { status: res.statusCode, location: decodeURIComponent(String(res.headers.location ?? '')), body: res.body };
}
const status = async () => (await office.storage.db.get<{ status: string }>(sql`SELECT status FROM market_filings WHERE id = ${filingId}`))?.status;

describe('a court’s cancellation of a filed contract, from the office’s form', () => {
  it('is refused with the form’s reason when the document kind is none the form offers, on the filing’s page with the form as typed, and the filing stands', async () => {
    const contract = (await office.storage.db.get<{ contract_number: string }>(sql`SELECT contract_number FROM market_filings WHERE id = ${filingId}`))?.contract_number ?? '';
    for (const kind of ['verdict', '', '判决书']) {
      const answer = await cancelByCourt(kind);
      expect(answer.status).toBe(400);
      expect(answer.body).toContain('<p class="flag" role="alert">提交的内容不合格');
      expect(answer.body).toContain(`<h2>${contract}</h2>`);
      expect(answer.body).toContain('value="(2026)黑0803民初55号"');
      expect(await status()).toBe('active');
    }
  });

  it('is recorded with the kind chosen', async () => {
    const answer = await cancelByCourt('ruling');
    expect(answer.location).toMatch(/msg=/);
    expect(await status()).not.toBe('active');
    const page = await office.app.inject({ method: 'GET', url: answer.location.replace(/&.*$/, ''), headers: { cookie: `${SESSION_COOKIE}=${approver}` } });
    expect(page.body).toContain('裁定书');
  });
});
