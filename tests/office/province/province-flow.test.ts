import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOfficeApp } from '#server/app.ts';
import { seedArchive } from '#server/office/archive/seed-register.ts';
import { officePlugin } from '#server/office/plugin.ts';
import { todayInOffice } from '#server/office/today.ts';
import { seedOffice } from '#server/seed.ts';
import { eventually } from '../../archive/harness.ts';
import { getPage, pageLogin } from '../../security/attacker-kit.ts';
import { openTestStorage } from '../../support/backend.ts';
import { ProvinceReceiver } from '../../support/province-receiver.ts';
import { removeDir, tempDir } from '../../sync/helpers.ts';
import { api, loginAs, type Office } from '../harness.ts';
import { freeUnit, Van, type VanCase } from '../scenario.ts';
import { TEST_PASSWORD_ITERATIONS } from '../../support/password-cost.ts';

/**
 * A case taken to 登簿 at the office reaches the province: its 接入 message is built from the register, checked, queued
 * and sent to the platform (a stand-in on a real port), and the office's page lists it as sent.
 */
let office: Office;
let receiver: ProvinceReceiver;
let van: Van;
let done: VanCase;
let unitNumber: string;

beforeAll(async () => {
  receiver = await ProvinceReceiver.start();
  const dataDir = tempDir('province-flow');
  const { storage, dispose } = await openTestStorage(dataDir);
  await seedOffice(storage, 'demo');
  await seedArchive(storage, 'demo', todayInOffice());
  const province = { url: receiver.url, timeoutMs: 2_000, intervalMs: 100, schedule: { baseMs: 200, capMs: 1_000, maxAttempts: 5 } };
  const app = await buildOfficeApp({ passwordIterations: TEST_PASSWORD_ITERATIONS, dataDir, storage, plugins: [officePlugin], province });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  office = { url, app, storage, dataDir, close: async () => { await app.close(); await dispose(); removeDir(dataDir); } };
  van = await Van.enroll(office);
  const unit = await freeUnit(office, 0);
  unitNumber = unit.unitNumber;
  done = await van.acceptCase(1, unit);
}, 120_000);
afterAll(async () => {
  await office?.close();
  await receiver?.stop();
});

describe('the 登簿 of a case, reported to the province', () => {
  it('sends the 接入 message of the 登簿 once the platform is back, and lists it as sent', async () => {
    receiver.mode = 'fail';
    const tokens = Object.fromEntries(await Promise.all(['wangfang', 'liuyang', 'chenjing'].map(async (l) => [l, await loginAs(office, l)] as const)));
    const act = (who: string, body: Record<string, string>) => api(office, tokens[who] ?? null, 'POST', `/office/cases/${done.caseId}/actions`, body);
    const first = await act('wangfang', { action: 'pass', reason: '材料齐全，同意' });
    expect(first.status, JSON.stringify(first.json)).toBe(201);
    expect((await act('liuyang', { action: 'pass' })).status).toBe(201);
    expect((await act('chenjing', { action: 'pass' })).status).toBe(201);
    expect((await act('chenjing', { action: 'register' })).status).toBe(201);

    await eventually(() => Promise.resolve(receiver.requests), (n) => n >= 2, 'two failed deliveries', 30);
    expect(receiver.stored.size).toBe(0);
    receiver.mode = 'accept';
    const stored = await eventually(() => Promise.resolve([...receiver.stored.values()]), (s) => s.length === 1, 'the message at the province', 30);
    expect(stored[0]?.head).toMatchObject({ ASID: 'AS100', AreaCode: unitNumber.slice(0, 6), RecType: '2000402', RegType: '200', RightType: '4', RecFlowID: done.caseNumber, EstateNum: unitNumber, CertCount: '1' });
    expect(stored[0]?.xml).toContain('QLRMC="申请人1"');

    const { cookie } = await pageLogin(office.url, 'chenjing');
    const page = await eventually(() => getPage(office.url, '/office/province', cookie), (p) => p.html.includes('data-state="sent"'), 'the page showing it sent', 30);
    expect(page.status).toBe(200);
    expect(page.html).toContain(done.caseNumber);
    expect(page.html).toContain('省级平台返回错误');
    expect(page.html).toContain('省级平台已接收');
  });

  it('shows the queue to the 登簿 side and the administration only', async () => {
    const { cookie } = await pageLogin(office.url, 'zhangwei');
    expect((await getPage(office.url, '/office/province', cookie)).status).toBe(403);
  });
});
