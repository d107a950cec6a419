import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type UnhashedCaseEvent } from '#domain/case/events.ts';
import { sealEvent } from '#domain/case/hash-chain.ts';
import { sql } from '#office/platform/db/sql.ts';
import { api, loginAs, startOfficeWithPages, type Office } from './harness.ts';
import { freeUnit, Van, type VanCase } from './scenario.ts';

let office: Office;
let van: Van;
let first: VanCase;
let second: VanCase;
let reviewer: string;

type Detail = { chainIntact: boolean; chains: { deviceId: string; state: string; detail: string | null }[] };
const detail = async (c: VanCase): Promise<Detail> => (await api(office, reviewer, 'GET', `/office/cases/${c.caseId}`)).json as unknown as Detail;

/** Replaces a stored event by a re-sealed copy with another payload: its own hash holds, its place in the chain does not. */
async function forge(id: string, change: (payload: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
  const stored = (await office.storage.getDocument('caseEvents', id))?.body;
  if (!stored) throw new Error(`no event ${id}`);
  const { hash: _hash, _deleted, ...event } = stored as Record<string, unknown>;
  const forged = { ...sealEvent({ ...event, payload: change(event['payload'] as Record<string, unknown>) } as unknown as UnhashedCaseEvent), _deleted };
  await office.storage.db.run(sql`UPDATE documents SET body = ${JSON.stringify(forged)} WHERE collection = 'caseEvents' AND id = ${id}`);
}

beforeAll(async () => {
  office = await startOfficeWithPages();
  van = await Van.enroll(office);
  first = await van.acceptCase(1, await freeUnit(office, 0));
  second = await van.acceptCase(2, await freeUnit(office, 1));
  reviewer = await loginAs(office, 'wangfang');
  for (const c of [first, second]) {
    const res = await api(office, reviewer, 'POST', `/office/cases/${c.caseId}/actions`, { action: 'pass', reason: '材料齐全，符合登记条件' });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
  }
});
afterAll(async () => {
  await office.close();
});

describe('the case page checks the chain links of its own events', () => {
  it('finds the van chain and the office chain intact after a review', async () => {
    const d = await detail(second);
    expect(d.chainIntact).toBe(true);
    expect(d.chains.map((c) => [c.deviceId, c.state])).toEqual([
      [van.deviceId, 'ok'],
      ['office', 'ok'],
    ]);
  });

  it('names each chain on the case page in words: 局端 for the office, 完好 for a chain that checks, no protocol code', async () => {
    const html = await (await fetch(`${office.url}/office/cases/${encodeURIComponent(second.caseId)}`, { headers: { authorization: `Bearer ${reviewer}` } })).text();
    const verdict = /<p id="chain-verdict">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '';
    expect(verdict).toContain(`<small>${van.deviceId}：完好</small>`);
    expect(verdict).toContain('<small>局端：完好</small>');
    expect(verdict).not.toMatch(/: ok|office/);
    expect(html).toMatch(/按发改价格规〔2016〕2559号收费表第\d版应收 <b>\d+\.\d\d 元<\/b>/);
    expect(html).not.toContain('gb-2016');
  });

  it('runs the office chain on through the day the office gets its area code', async () => {
    // The office started again as a county office: its next event (the first case's 复审) is office-230822-3, linked to office-2.
    office.app.office.areaCode = '230822';
    try {
      // 复审 then 核定: office-230822-4 links to office-230822-3, found by its new form.
      for (const who of ['liuyang', 'chenjing']) {
        const res = await api(office, await loginAs(office, who), 'POST', `/office/cases/${first.caseId}/actions`, { action: 'pass', reason: '材料齐全，符合登记条件' });
        expect(res.status, JSON.stringify(res.json)).toBe(201);
      }
    } finally {
      office.app.office.areaCode = null;
    }
    const third = await office.storage.getDocument('caseEvents', 'office-230822-3');
    expect(third?.body).toMatchObject({ caseId: first.caseId, deviceId: 'office', seq: 3, prevHash: (await office.storage.getDocument('caseEvents', 'office-2'))?.body['hash'] });
    expect((await office.storage.getDocument('caseEvents', 'office-230822-4'))?.body).toMatchObject({ seq: 4, prevHash: third?.body['hash'] });
    const d = await detail(first);
    expect(d.chainIntact).toBe(true);
    expect(d.chains.find((c) => c.deviceId === 'office')).toMatchObject({ state: 'ok' });
  });

  it('shows a break in the office chain on the case whose event no longer links to the one before it', async () => {
    // office-1 is the first case's 初审; office-2 (the second case's) links to it.
    await forge('office-1', (p) => ({ ...p, opinion: '改写过的意见' }));
    const d = await detail(second);
    expect(d.chainIntact).toBe(false);
    expect(d.chains.find((c) => c.deviceId === 'office')).toMatchObject({ state: 'broken', detail: '事件的前序哈希与上一事件不符：链条被截断或插入（第 2 号）' });
    // The forged event itself hashes as it should and has no predecessor: its own case shows no break.
    expect((await detail(first)).chainIntact).toBe(true);
  });

  it('shows a van event that differs from the link recorded when it arrived as tampered', async () => {
    const fee = (await office.storage.listDocuments('caseEvents')).find((d) => d.body['caseId'] === first.caseId && d.body['kind'] === 'fee-charged');
    if (!fee) throw new Error('no fee event');
    await forge(fee.id, (p) => ({ ...p, totalFen: 1 }));
    const d = await detail(first);
    expect(d.chainIntact).toBe(false);
    expect(d.chains.find((c) => c.deviceId === van.deviceId)).toMatchObject({ state: 'broken', detail: `事件内容与其哈希不符：事件被修改（第 ${String(fee.body['seq'])} 号）` });
  });
});
