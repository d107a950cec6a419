import { execFileSync } from 'node:child_process';
import { sql } from '#office/platform/db/sql.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { api, loginAs, pushAs, startOfficeWithPages, type Office } from './harness.ts';
import { pdfText } from '../documents/pdf-tools.ts';
import { freeUnit, Van, type VanCase } from './scenario.ts';
import { csrfIn, getPage, pageLogin, postForm } from '../security/attacker-kit.ts';

let office: Office;
let finance: string;
let admin: string;
let taken: VanCase[] = [];
let van: Van;
const path = `/office/trips/${DEMO_TRIP_ID}`;

type Finding = { code: string; subject: string; caseId: string | null };

beforeAll(async () => {
  office = await startOfficeWithPages();
  van = await Van.enroll(office);
  taken = [
    await van.acceptCase(1, await freeUnit(office, 0), { appointmentId: 'appt-001' }),
    // Charged 40 yuan where the rules say 80 (a residential transfer, one certificate).
    await van.acceptCase(2, await freeUnit(office, 1), { appointmentId: 'appt-002', amountFen: 4000 }),
    // The scan document arrives but its file never does.
    await van.acceptCase(3, await freeUnit(office, 2), { appointmentId: 'appt-003', scan: false }),
  ];
  finance = await loginAs(office, 'zhaolei');
  admin = await loginAs(office, 'admin');
});
afterAll(async () => {
  await office.close();
});

describe('trip reconciliation at the office', () => {
  it('finds the wrong amount, the missing scan and the unaccounted receipt numbers', async () => {
    const res = await api(office, finance, 'GET', `${path}/reconciliation`);
    expect(res.status).toBe(200);
    const findings = res.json['discrepancies'] as Finding[];
    const codes = new Set(findings.map((f) => f.code));
    expect(codes).toContain('receipt-amount-mismatch');
    expect(codes).toContain('scan-missing');
    expect(findings.find((f) => f.code === 'receipt-amount-mismatch')?.caseId).toMatch(/case-2$/);
    expect(findings.find((f) => f.code === 'scan-missing')?.caseId).toMatch(/case-3$/);
    // 200 numbers in the block; the device was granted 001001–001050 and issued 3, nothing returned yet: 47
    // numbers have no account. The 150 numbers never granted to a device could not have been printed.
    expect(findings.filter((f) => f.code === 'receipt-number-missing')).toHaveLength(47);
    expect(res.json['receiptNumbers']).toEqual({ total: 200, issued: 3, voided: 0, unused: 0, notGranted: 150 });
    expect(res.json['cases']).toEqual({ taken: 3, received: 3 });
  });

  it('shows people one row for the unaccounted range, and names and case numbers where the data has ids', async () => {
    const html = await (await fetch(`${office.url}${path}/reconciliation`, { headers: { authorization: `Bearer ${finance}` } })).text();
    const missingRows = [...html.matchAll(/<tr data-code="receipt-number-missing">[\s\S]*?<\/tr>/g)].map((m) => m[0]);
    expect(missingRows).toHaveLength(1);
    // Only the device's run can be unaccounted for (the rest of the block was never granted).
    expect(missingRows[0]).toContain('JMS2026-001004-001050');
    expect(missingRows[0]).toContain('共 47 个号码');
    const mismatch = /<tr data-code="receipt-amount-mismatch">[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
    expect(mismatch).toContain(`${taken[1]?.caseNumber}（`);
    const appointment = await office.storage.getDocument('appointments', 'appt-004');
    const name = String(appointment?.body['applicantName']);
    const waiting = /<tr data-code="appointment-without-outcome">[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
    expect(waiting).toContain(`${name}（预约 `);
    // Ids stay in links and form actions only, never in the text a person reads.
    const text = html.replace(/<[^>]*>/g, ' ');
    expect(text).not.toMatch(/appt-00\d/);
    for (const c of taken) expect(text).not.toContain(c.caseId);
    for (const c of taken) expect(html).toContain(`>${c.caseNumber}</a>`);
    expect(html).toContain('<table id="trip-receipts">');
    for (const c of taken) expect(html).toContain(`<td>${c.receiptNumber}</td><td>${c.caseNumber}</td>`);
  });

  it('counts the errors in its verdict as the list shows them: an unaccounted range is one', async () => {
    const html = await (await fetch(`${office.url}${path}/reconciliation`, { headers: { authorization: `Bearer ${finance}` } })).text();
    const errorRows = [...html.matchAll(/<tr data-code="[^"]+"><td><span class="tag bad">/g)].length;
    // The wrong amount, the missing scan and the one range of 47 numbers: three, not 49 (each number counted).
    expect(errorRows).toBe(3);
    expect(html).toContain('发现 3 项差错，签认时须逐项说明');
  });

  it('keeps what finance typed when the return or the sign-off is refused, with the reason', async () => {
    const cookie = (await pageLogin(office.url, 'zhaolei')).cookie ?? '';
    const csrf = csrfIn((await getPage(office.url, `${path}/reconciliation`, cookie)).html) ?? '';
    expect(csrf).not.toBe('');
    const headers = { origin: office.url };
    const ret = await postForm(office.url, `${path}/return`, cookie, { _csrf: csrf, cash: '19O.00', bankCard: '35', unusedNumbers: 'JMS2026-001004-001200' }, headers);
    expect(ret.status).toBe(400);
    expect(ret.html).toContain('<p class="flag">金额格式不对');
    expect(ret.html).toContain('id="cash" name="cash" value="19O.00"');
    expect(ret.html).toContain('id="bankCard" name="bankCard" value="35"');
    expect(ret.html).toContain('>JMS2026-001004-001200</textarea>');
    // Nothing was stored: the return is still to be declared.
    const stored = await api(office, finance, 'GET', `${path}/reconciliation`);
    expect(stored.json['returned']).toBeNull();
    const sign = await postForm(office.url, `${path}/sign-off`, cookie, { _csrf: csrf, note: '少收 40 元已通知申请人补缴。' }, headers);
    expect(sign.status).toBe(409);
    expect(sign.html).toContain(`<p class="flag">请先登记交回的款项和未使用的票据，再签认。</p>`);
    expect(sign.html).toContain('>少收 40 元已通知申请人补缴。</textarea>');
  });

  it('prints the cases and receipts of the trip in the PDF, with the unaccounted numbers as one range', async () => {
    const res = await fetch(`${office.url}${path}/reconciliation.pdf`, { headers: { authorization: `Bearer ${finance}` } });
    expect(res.status).toBe(200);
    const text = pdfText(new Uint8Array(await res.arrayBuffer())).replace(/\s+/g, '');
    expect(text).toContain('本次出车的案件（3）');
    expect(text).toContain('本次出车的收费票据（3）');
    for (const c of taken) {
      expect(text).toContain(c.caseNumber);
      expect(text).toContain(c.receiptNumber);
    }
    expect(text).toContain('JMS2026-001004-001050');
    expect(text.match(/票据号码无下落/g)?.length).toBe(1);
    expect(text).not.toMatch(/appt-00\d/);
    for (const c of taken) expect(text).not.toContain(c.caseId);
  });

  it('accounts for the block once the unused numbers are handed back, and compares cash', async () => {
    const back = await api(office, finance, 'POST', `${path}/return`, { cash: '190.00', bankCard: '', unusedNumbers: 'JMS2026-001004-001200' });
    expect(back.status).toBe(200);
    const res = await api(office, finance, 'GET', `${path}/reconciliation`);
    const findings = res.json['discrepancies'] as Finding[];
    expect(findings.filter((f) => f.code === 'receipt-number-missing')).toHaveLength(0);
    // Receipts total 200 yuan in cash (80 + 40 + 80); 190 were handed in.
    expect(findings.find((f) => f.code === 'payment-total-mismatch')?.subject).toBe('cash');
    expect(res.json['receiptNumbers']).toMatchObject({ total: 200, issued: 3, unused: 197 });
    // The stored return is shown back on the form in yuan with its two decimals, not as a float (120.5).
    expect((await api(office, finance, 'POST', `${path}/return`, { cash: '190.50', bankCard: '', unusedNumbers: 'JMS2026-001004-001200' })).status).toBe(200);
    const cookie = (await pageLogin(office.url, 'zhaolei')).cookie ?? '';
    const shown = (await getPage(office.url, `${path}/reconciliation`, cookie)).html;
    expect(shown).toContain('id="cash" name="cash" value="190.50"');
    expect((await api(office, finance, 'POST', `${path}/return`, { cash: '190.00', bankCard: '', unusedNumbers: 'JMS2026-001004-001200' })).status).toBe(200);
  });

  it('counts a refund the van paid out of the trip’s cash (退费 after 撤回) against the money handed in', async () => {
    const first = taken[0]!;
    const at = new Date().toISOString();
    const withdrawn = van.event(first.caseId, at, { kind: 'withdrawn', payload: { reason: '申请人书面申请撤回' } });
    const refunded = van.event(first.caseId, at, {
      kind: 'fee-refunded',
      payload: { receiptNumber: first.receiptNumber, refundNumber: `TF-${first.receiptNumber}`, amountFen: 8000, method: 'cash', reason: '撤回申请，退还已缴登记费', ground: 'withdrawn', tripId: DEMO_TRIP_ID },
    });
    await pushAs(office, van.token, 'caseEvents', [withdrawn, refunded].map((e) => ({ ...e, _deleted: false })));
    const res = await api(office, finance, 'GET', `${path}/reconciliation`);
    expect((res.json['money'] as { refunds: unknown[] }).refunds).toEqual([{ refundNumber: `TF-${first.receiptNumber}`, receiptNumber: first.receiptNumber, caseId: first.caseId, amountFen: 8000, method: 'cash' }]);
    // 200 yuan of receipts less the 80 refunded: 120 are due, 190 were handed in.
    const cash = (res.json['discrepancies'] as (Finding & { detail: string })[]).find((f) => f.code === 'payment-total-mismatch');
    expect(cash?.detail).toBe('票据合计 200.00 元，退费 80.00 元，应交回 120.00 元，交回 190.00 元。');
    await api(office, finance, 'POST', `${path}/return`, { cash: '120.00', bankCard: '', unusedNumbers: 'JMS2026-001004-001200' });
    const after = await api(office, finance, 'GET', `${path}/reconciliation`);
    expect((after.json['discrepancies'] as Finding[]).filter((f) => f.code === 'payment-total-mismatch')).toEqual([]);
    const page = await (await fetch(`${office.url}${path}/reconciliation`, { headers: { authorization: `Bearer ${finance}` } })).text();
    expect(page).toContain(`退费凭证 TF-${first.receiptNumber}：退还票据 ${first.receiptNumber} 的 80.00 元（现金）`);
    // The money card: what the trip took in net of the refund it paid (200 − 80), with both parts named; it said 200 before.
    const expected = (after.json['money'] as { expectedFen: number }).expectedFen;
    expect(page).toContain(`<small>实收（扣除退费） / 按规则应收</small><div class="big">120.00 元 / ${(expected / 100).toFixed(2)} 元</div><small id="money-parts">票据合计 200.00 元，退费 80.00 元</small>`);
    const pdf = await fetch(`${office.url}${path}/reconciliation.pdf`, { headers: { authorization: `Bearer ${finance}` } });
    expect(pdfText(new Uint8Array(await pdf.arrayBuffer())).replace(/\s+/g, '')).toContain(`120.00元/${(expected / 100).toFixed(2)}元（票据合计200.00元，退费80.00元）`);
  });

  it('clears an appointment warning once its outcome is recorded', async () => {
    const before = (await api(office, finance, 'GET', `${path}/reconciliation`)).json['discrepancies'] as Finding[];
    expect(before.filter((f) => f.code === 'appointment-without-outcome').map((f) => f.subject)).toEqual(['appt-004', 'appt-005', 'appt-006', 'appt-007', 'appt-008']);
    expect((await api(office, finance, 'POST', `${path}/appointments/appt-004/outcome`, { outcome: 'rescheduled', note: '改约至下周' })).status).toBe(200);
    expect((await api(office, finance, 'POST', `${path}/appointments/appt-999/outcome`, { outcome: 'rescheduled' })).status).toBe(404);
    expect((await api(office, finance, 'POST', `${path}/appointments/appt-005/outcome`, { outcome: 'moved-away' })).status).toBe(400);
    const after = (await api(office, finance, 'GET', `${path}/reconciliation`)).json['discrepancies'] as Finding[];
    expect(after.filter((f) => f.code === 'appointment-without-outcome').map((f) => f.subject)).toEqual(['appt-005', 'appt-006', 'appt-007', 'appt-008']);
  });

  it('shows the reconciliation to finance and administration only', async () => {
    const reviewer = await loginAs(office, 'wangfang');
    expect((await api(office, reviewer, 'GET', `${path}/reconciliation`)).status).toBe(403);
    expect((await api(office, admin, 'GET', `${path}/reconciliation`)).status).toBe(200);
    const page = await fetch(`${office.url}${path}/reconciliation`, { headers: { authorization: `Bearer ${reviewer}` }, redirect: 'manual' });
    expect(page.status).toBe(403);
  });

  it('lets only the finance role sign off, and asks for a note while errors remain', async () => {
    expect((await api(office, admin, 'POST', `${path}/sign-off`, { note: '' })).status).toBe(403);
    const noNote = await api(office, finance, 'POST', `${path}/sign-off`, { note: '' });
    expect(noNote.status).toBe(409);
    const signed = await api(office, finance, 'POST', `${path}/sign-off`, { note: '少收 40 元已通知申请人补缴；第 3 件扫描件由出车人员补传。' });
    expect(signed.status).toBe(201);
    expect(String(signed.json['reportHash'])).toMatch(/^[0-9a-f]{64}$/);
    expect((await api(office, finance, 'POST', `${path}/sign-off`, { note: '再次签认的说明文字足够长' })).status).toBe(409);
  });

  it('prints the report as a PDF with every finding and the sign-off', async () => {
    const res = await fetch(`${office.url}${path}/reconciliation.pdf`, { headers: { authorization: `Bearer ${finance}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');
    expect(text).toContain('收费金额与按收费规则重新计算的金额不符');
    expect(text).toContain('应有的扫描件未上传');
    expect(text).toContain('赵磊');
  });

  it('reports a broken chain when a stored van event is altered at rest', async () => {
    // Someone with access to the database changes a stored fee event behind the office's back (either backend).
    const fee = (await office.storage.listDocuments('caseEvents')).find((d) => d.author === 'van' && d.body['kind'] === 'fee-charged')!;
    const altered = JSON.stringify({ ...fee.body, payload: { ...(fee.body['payload'] as object), totalFen: 1 } });
    await office.storage.db.run(sql`UPDATE documents SET body = ${altered} WHERE collection = 'caseEvents' AND id = ${fee.id}`);
    const res = await api(office, finance, 'GET', `${path}/reconciliation`);
    const broken = (res.json['discrepancies'] as (Finding & { detail: string })[]).find((f) => f.code === 'chain-broken');
    expect(broken?.detail).toContain('事件内容与其哈希不符');
    expect((res.json['chains'] as { intact: number }).intact).toBe(0);
  });
});
