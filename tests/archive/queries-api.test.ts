import { PDFDocument, rgb } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUILDING, DEMO_HOLDER } from '#server/office/archive/seed-register.ts';
import { API_BASE } from '#protocol/version.ts';
import { api, loginAs, type Office } from '../office/harness.ts';
import { pdfQrCodes, pdfText } from '../documents/pdf-tools.ts';
import { startArchiveOffice } from './harness.ts';

let office: Office;
let clerk: string;

const FLAT_301 = `${DEMO_BUILDING.key}0301`;
const LI = { name: '李秀梅', idType: 'resident-id', idNumber: '230803198509211620' };
const HOLDER = { name: DEMO_HOLDER.name, idType: 'resident-id', idNumber: DEMO_HOLDER.idNumber };

const query = (body: Record<string, unknown>) => api(office, clerk, 'POST', '/office/archive/queries', { purpose: '购房前了解房屋状况', by: 'unit-number', value: FLAT_301, ...body });

async function certificate(seq: number): Promise<Uint8Array> {
  const res = await fetch(`${office.url}${API_BASE}/office/archive/queries/${seq}/certificate`, { method: 'POST', headers: { authorization: `Bearer ${clerk}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  return new Uint8Array(await res.arrayBuffer());
}

async function verifyFile(link: string, bytes: Uint8Array): Promise<string> {
  const u = new URL(link);
  const form = new FormData();
  form.set('id', u.searchParams.get('id') ?? '');
  form.set('c', u.searchParams.get('c') ?? '');
  form.set('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), 'c.pdf');
  const res = await fetch(`${office.url}${API_BASE}/public/archive/verify`, { method: 'POST', body: form });
  return res.text();
}

beforeAll(async () => {
  office = await startArchiveOffice();
  clerk = await loginAs(office, 'wangfang');
}, 120_000);
afterAll(async () => {
  await office?.close();
});

describe('lawful queries at the counter (不动产登记资料查询暂行办法)', () => {
  it('shows the holder their register in full (第十四条) and finds their units by their own identity (第十五条)', async () => {
    const own = await query({ kind: 'holder', ...HOLDER, promised: 'on' });
    expect(own.status).toBe(201);
    expect(own.json).toMatchObject({ permission: { results: 'register', identities: 'full', originals: true }, results: [{ scope: 'register', holders: [{ name: '张国强', idNumber: DEMO_HOLDER.idNumber }] }] });
    const byId = await query({ kind: 'holder', ...HOLDER, by: 'person', value: DEMO_HOLDER.idNumber });
    expect((byId.json['results'] as { unitNumber: string }[]).map((r) => r.unitNumber)).toEqual([FLAT_301]);
  });

  it('gives a 利害关系人 with a contract the register with ID numbers masked, no history and no original pages', async () => {
    const r = await query({ kind: 'interested', ...LI, proofKind: 'contract', proofNumber: '房屋买卖合同 2026-0315', promised: 'on' });
    expect(r.status).toBe(201);
    const [result] = r.json['results'] as Record<string, unknown>[];
    expect(result).toMatchObject({ scope: 'register', holders: [{ name: '张国强', idNumber: '230804********0414' }], history: null, originals: false });
    expect(JSON.stringify(r.json)).not.toContain(DEMO_HOLDER.idNumber);
  });

  it('tells one without proof only the facts of 第二十一条, and refuses a 利害关系人 without proof in words', async () => {
    const facts = await query({ kind: 'prospective', ...LI, promised: 'on' });
    expect(facts.json['results']).toEqual([expect.objectContaining({ scope: 'facts', isCoOwned: false, hasMortgage: false, isSeizedOrRestricted: false })]);
    expect(JSON.stringify(facts.json)).not.toContain('张国强');
    const refused = await query({ kind: 'interested', ...LI, proofNumber: '', promised: 'on' });
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ code: 'proof-required' });
    expect(String(refused.json['message'])).toContain('第二十条');
  });

  it('keeps every query and refusal in an audit chain that verifies', async () => {
    const audit = await api(office, clerk, 'GET', '/office/archive/audit?from=1');
    const records = audit.json['records'] as { action: string; subject: string; actor: string }[];
    expect(records.map((r) => r.action)).toEqual(['query', 'query', 'query', 'query', 'query-refused']);
    expect(records.every((r) => r.actor === 'staff-wangfang')).toBe(true);
    expect(audit.json['chain']).toEqual({ ok: true, head: 5 });
  });

  it('pages the audit chain, and refuses a page it cannot give in words instead of failing', async () => {
    const page = await api(office, clerk, 'GET', '/office/archive/audit?from=2&limit=2');
    expect((page.json['records'] as { seq: number }[]).map((r) => r.seq)).toEqual([2, 3]);
    for (const bad of ['limit=-1', 'limit=1.5', 'limit=501', 'limit=abc', 'from=0']) {
      const refused = await api(office, clerk, 'GET', `/office/archive/audit?${bad}`);
      expect(refused.status, bad).toBe(400);
      expect(refused.json['code'], bad).toBe('malformed');
      expect(String(refused.json['message']), bad).toContain('1 到 500');
    }
  });
});

describe('the 查询结果证明 and its QR code', () => {
  let pdf: Uint8Array;
  let link: string;

  it('prints what the requester may see, with the purpose and the date (实施细则 第一百零二条)', async () => {
    const r = await query({ kind: 'interested', ...LI, proofKind: 'litigation', proofNumber: '(2026)黑0803民初88号受理案件通知书', promised: 'on' });
    pdf = await certificate(Number(r.json['auditSeq']));
    const text = pdfText(pdf).replace(/\s+/g, '');
    expect(text).toContain('不动产登记资料查询结果证明');
    expect(text).toContain('购房前了解房屋状况');
    expect(text).toContain('230804********0414');
    expect(text).not.toContain(DEMO_HOLDER.idNumber);
    const codes = await pdfQrCodes(pdf);
    expect(codes).toHaveLength(1);
    link = codes[0]!;
    expect(link).toMatch(/\/public\/archive\/verify\?id=CX\d{8}-[0-9A-F]{8}&c=/);
  });

  it('verifies from the printed QR code, and the PDF as issued matches byte for byte', async () => {
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain('data-state="valid"');
    expect(body).toContain('李秀梅');
    expect(await verifyFile(link, pdf)).toContain('data-same="true"');
  });

  it('does not verify a changed PDF, nor a QR code with its code altered', async () => {
    const doc = await PDFDocument.load(pdf);
    doc.getPages()[0]?.drawRectangle({ x: 40, y: 40, width: 2, height: 2, color: rgb(1, 1, 1) });
    const changed = await doc.save();
    expect(await verifyFile(link, changed)).toContain('data-same="false"');
    const forged = link.replace(/c=([A-Za-z0-9_-])/, (_m, ch: string) => `c=${ch === 'A' ? 'B' : 'A'}`);
    const res = await fetch(forged);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('data-state="unknown"');
  });

  it('opened without a QR code’s link, asks for the code instead of saying the certificate is not genuine', async () => {
    const res = await fetch(`${office.url}/public/archive/verify`);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('data-state="none"');
    expect(body).toContain('请用手机扫描查询结果证明上的二维码打开本页');
    expect(body).not.toContain('不是本登记机构出具的');
  });

  it('points the QR code at OFFICE_PUBLIC_URL when the office sets it, not at the address the counter used', async () => {
    process.env['OFFICE_PUBLIC_URL'] = 'https://bdc.jms.example/';
    try {
      const r = await query({ kind: 'holder', ...HOLDER, promised: 'on' });
      const codes = await pdfQrCodes(await certificate(Number(r.json['auditSeq'])));
      expect(codes[0]).toMatch(/^https:\/\/bdc\.jms\.example\/public\/archive\/verify\?id=CX\d{8}-[0-9A-F]{8}&c=/);
    } finally {
      delete process.env['OFFICE_PUBLIC_URL'];
    }
  });
});
