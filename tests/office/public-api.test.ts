import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startOfficeWithPages, type Office } from './harness.ts';
import { freeUnit, Van, type VanCase } from './scenario.ts';

let office: Office;
let accepted: VanCase;

beforeAll(async () => {
  office = await startOfficeWithPages();
  const van = await Van.enroll(office);
  accepted = await van.acceptCase(1, await freeUnit(office, 0));
});
afterAll(async () => {
  await office.close();
});

const status = (caseNo: string, code: string) => api(office, null, 'GET', `/public/status?caseNo=${encodeURIComponent(caseNo)}&code=${encodeURIComponent(code)}`);

describe('public status query', () => {
  it('answers the stage and expected date for the right number and code, and nothing personal', async () => {
    const res = await status(accepted.caseNumber, accepted.queryCode);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ caseNo: accepted.caseNumber, stage: 'accepted', isClosed: false });
    expect(res.json['expectedDate']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.stringify(res.json)).not.toContain('申请人');
    expect(JSON.stringify(res.json)).not.toContain('230803');
  });

  it('gives the same answer for a wrong code and an unknown case number', async () => {
    const wrong = await status(accepted.caseNumber, 'Q999999');
    const unknown = await status('JMS-2026-99999', accepted.queryCode);
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrong.json['message']).toBe(unknown.json['message']);
  });

  it('asks for what is missing, and calls what was typed but cannot be right wrong, not missing', async () => {
    const empty = await status('', '');
    expect(empty.status).toBe(400);
    expect(empty.json['message']).toBe('请输入案件号和查询码。');
    for (const [caseNo, code] of [['JMS-2026-00001', '你好'], ['J'.repeat(500), 'Q100001']] as const) {
      const typed = await status(caseNo, code);
      expect(typed.status).toBe(400);
      expect(typed.json['message']).toBe('案件号或查询码不正确，请核对受理凭证后重新输入。');
    }
  });

  it('limits how often one address may ask', async () => {
    let last = 0;
    for (let i = 0; i < 25 && last !== 429; i++) last = (await status(accepted.caseNumber, `Q${i}00000`)).status;
    expect(last).toBe(429);
  });
});

describe('service guide', () => {
  it('lists business types with materials, fees from the fee rules and time limits', async () => {
    const res = await api(office, null, 'GET', '/public/guide');
    expect(res.status).toBe(200);
    const items = res.json['items'] as { code: string; name: string; materials: unknown[]; fees: { amountFen: number }[]; promisedDays: number; legalDays: number }[];
    const transfer = items.find((i) => i.code === 'transfer');
    expect(transfer?.name).toBe('转移登记');
    expect(transfer?.materials.length).toBeGreaterThan(1);
    expect(transfer?.fees.map((f) => f.amountFen)).toContain(8000);
    expect(transfer!.promisedDays).toBeLessThanOrEqual(transfer!.legalDays);
  });
});
