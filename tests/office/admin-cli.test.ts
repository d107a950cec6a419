import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_VAN_ID } from '#fixtures/demo/constants.ts';
import { type DeviceStatus } from '#protocol/messages.ts';
import { API_BASE } from '#protocol/version.ts';
import { runCli } from '#electron/cli/run-cli.ts';
import { protocolHeaders } from '../sync/helpers.ts';
import { startOfficeWithPages, type Office } from './harness.ts';
import { enroll, login, staffCall } from '../security/attacker-kit.ts';

/**
 * The administrator's `npm run van -- office …` commands of README "Running an office for real", run as an
 * admin types them against a real office: what each prints, what it changes at the office, and a wrong use
 * refused with its reason, exit 2 and nothing changed.
 */
let office: Office;
let admin: string;

beforeAll(async () => {
  // With the office plugin: a staff session is checked on its review queue, which only it serves.
  office = await startOfficeWithPages();
  admin = await login(office.url, 'admin');
});
afterAll(async () => {
  await office.close();
});

async function van(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['office', ...args, '--office', office.url, '--password', DEMO_PASSWORD], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const devices = async (): Promise<DeviceStatus[]> => (await staffCall(office.url, admin, 'GET', '/admin/devices')).body as unknown as DeviceStatus[];
const deviceOf = async (id: string): Promise<DeviceStatus> => (await devices()).find((d) => d.deviceId === id)!;
const statusLine = async (id: string): Promise<string> => {
  const { code, out, err } = await van('status');
  expect({ code, err }).toEqual({ code: 0, err: [] });
  const lines = out.filter((l) => l.startsWith(`${id}  `));
  expect(lines).toHaveLength(1);
  return lines[0]!;
};
const wipeReady = async (token: string, report: Record<string, unknown>) => {
  const res = await fetch(`${office.url}${API_BASE}/devices/me/wipe/ready`, { method: 'POST', headers: protocolHeaders(token), body: JSON.stringify(report) });
  return { status: res.status, body: (await res.json()) as unknown };
};
const pullTrips = async (token: string) => {
  const res = await fetch(`${office.url}${API_BASE}/sync/trips/pull`, { headers: protocolHeaders(token) });
  return { status: res.status, code: ((await res.json()) as { code?: string }).code };
};

/** A trip with no receipt block yet, as the planning page writes one. */
async function newTrip(id: string): Promise<void> {
  const trip = { id, date: '2026-12-20', vanId: DEMO_VAN_ID, title: '号段测试', staffIds: [], appointmentIds: [], unitIds: [], receiptBlock: null, promisedLimits: {}, updatedAt: new Date().toISOString(), _deleted: false };
  await office.storage.writeOfficeDocuments('trips', [{ body: trip, audienceVans: [DEMO_VAN_ID], ownerDevice: null }]);
}
const blockOf = async (id: string): Promise<unknown> => ((await office.storage.getDocument('trips', id))?.body as { receiptBlock: unknown } | undefined)?.receiptBlock;

describe('office wipe-device, abandon-unsynced and status', () => {
  it('orders a lost van wiped; status shows the order, what the van last said it holds, the abandonment and the erasure', async () => {
    const d = await enroll(office.url, admin, DEMO_VAN_ID, 'lost-laptop');
    expect(await statusLine(d.deviceId)).not.toContain('擦除');

    const ordered = await van('wipe-device', '--device', d.deviceId);
    expect(ordered).toEqual({ code: 0, err: [], out: [`已下令擦除设备 ${d.deviceId}：它下次联系办公室时先上传未同步的记录和扫描件，然后删除本机全部数据；office status 显示擦除时间`] });
    // At its next contact the van gets nothing more from the office.
    expect(await pullTrips(d.token)).toEqual({ status: 401, code: 'device-wipe-ordered' });
    const wipe = (await deviceOf(d.deviceId)).wipe!;
    expect(wipe).toMatchObject({ abandonedAt: null, lastReport: null, erasedAt: null });
    expect(await statusLine(d.deviceId)).toContain(`  已下令擦除（${wipe.orderedAt}，设备尚未联系）`);
    expect((await van('wipe-device', '--device', d.deviceId)).out).toEqual([`设备 ${d.deviceId} 此前已下令擦除`]);

    // The van says what it still holds: it may not erase yet, and status shows those counts.
    expect(await wipeReady(d.token, { pendingDocuments: 3, quarantined: 1, unverifiedScans: 2 })).toEqual({ status: 200, body: { erase: false, abandoned: false } });
    expect(await statusLine(d.deviceId)).toContain(`  已下令擦除（${wipe.orderedAt}，设备尚有待传记录 3、被退回 1、未验扫描件 2）`);
    // A van nobody logged in to cannot count what it holds: status says so rather than showing its zeros.
    expect(await wipeReady(d.token, { pendingDocuments: 0, quarantined: 0, unverifiedScans: 0, locked: true })).toEqual({ status: 200, body: { erase: false, abandoned: false } });
    expect(await statusLine(d.deviceId)).toContain(`  已下令擦除（${wipe.orderedAt}，设备报告本机数据尚未解锁（无人登录），未同步数据数量未知）`);

    const abandoned = await van('abandon-unsynced', '--device', d.deviceId);
    expect(abandoned).toEqual({ code: 0, err: [], out: [`设备 ${d.deviceId} 上尚未同步的数据已放弃：它下次联系办公室时不再等待上传，直接擦除`] });
    expect((await deviceOf(d.deviceId)).wipe?.abandonedAt).not.toBeNull();
    expect(await statusLine(d.deviceId)).toContain(`  已下令擦除（${wipe.orderedAt}，已放弃未同步数据，设备报告本机数据尚未解锁`);
    // The van's next report is answered "erase" although it still holds records.
    expect(await wipeReady(d.token, { pendingDocuments: 3, quarantined: 1, unverifiedScans: 2 })).toEqual({ status: 200, body: { erase: true, abandoned: true } });

    const erasedAt = '2026-12-06T10:00:00.000+08:00';
    const done = await fetch(`${office.url}${API_BASE}/devices/me/wipe/done`, { method: 'POST', headers: protocolHeaders(d.token), body: JSON.stringify({ erasedAt }) });
    expect(done.status).toBe(204);
    const confirmedAt = (await deviceOf(d.deviceId)).wipe?.confirmedAt;
    expect(await statusLine(d.deviceId)).toContain(`  已擦除（设备报告 ${erasedAt}，办公室收到 ${confirmedAt}）`);
  });

  it('refuses a wipe without a device or of an unknown one, and abandons nothing for a device with no wipe order', async () => {
    const d = await enroll(office.url, admin, DEMO_VAN_ID, 'still-in-use');
    const before = await devices();
    expect(await van('wipe-device')).toEqual({ code: 2, out: [], err: ['缺少参数 --device'] });
    expect(await van('wipe-device', '--device', 'dev-nowhere')).toEqual({ code: 2, out: [], err: ['办公室拒绝 (HTTP 404): 没有设备 dev-nowhere'] });
    expect(await van('abandon-unsynced', '--device', d.deviceId)).toEqual({ code: 2, out: [], err: [`办公室拒绝 (HTTP 409): 设备 ${d.deviceId} 没有进行中的擦除指令`] });
    expect(await van('abandon-unsynced', '--device', 'dev-nowhere')).toEqual({ code: 2, out: [], err: ['办公室拒绝 (HTTP 404): 没有设备 dev-nowhere'] });
    expect(await van('abandon-unsynced')).toEqual({ code: 2, out: [], err: ['缺少参数 --device'] });
    // Nothing was ordered or abandoned: the van still syncs.
    expect((await devices()).map((s) => [s.deviceId, s.wipe])).toEqual(before.map((s) => [s.deviceId, s.wipe]));
    expect((await deviceOf(d.deviceId)).wipe).toBeNull();
    expect((await pullTrips(d.token)).status).toBe(200);
  });

  it('status without the admin password, or with a wrong one, prints nothing of the devices', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    const saved = process.env['VAN_OFFICE_PASSWORD'];
    delete process.env['VAN_OFFICE_PASSWORD'];
    try {
      expect(await runCli(['office', 'status', '--office', office.url], io)).toBe(2);
    } finally {
      if (saved !== undefined) process.env['VAN_OFFICE_PASSWORD'] = saved;
    }
    expect(await runCli(['office', 'status', '--office', office.url, '--password', 'not-the-password'], io)).toBe(2);
    expect(out).toEqual([]);
    expect(err[0]).toBe('需要管理员密码: --password 或环境变量 VAN_OFFICE_PASSWORD');
    expect(err[1]).toMatch(/^办公室拒绝 \(HTTP 401\): /);
  });
});

describe('office create-staff and deactivate-staff', () => {
  it('creates an account, and run again changes its roles and password and ends its sessions', async () => {
    const created = await van('create-staff', '--staff-login', 'zhaojiu', '--name', '赵九', '--roles', 'van-clerk,reviewer', '--new-password', 'first-password-1');
    expect(created.code).toBe(0);
    expect(created.err).toEqual([]);
    const id = /^工作人员 zhaojiu \((\S+)\) 角色: van-clerk, reviewer$/.exec(created.out.join('\n'))?.[1];
    expect(id).toBeDefined();
    const first = await fetch(`${office.url}${API_BASE}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'zhaojiu', password: 'first-password-1' }) });
    const session = (await first.json()) as { token: string; staffId: string; name: string; roles: string[] };
    expect(session).toMatchObject({ staffId: id, name: '赵九', roles: ['van-clerk', 'reviewer'] });
    expect((await staffCall(office.url, session.token, 'GET', '/office/queues/1')).status).toBe(200);

    const changed = await van('create-staff', '--staff-login', 'zhaojiu', '--name', '赵九', '--roles', 'approver', '--new-password', 'second-password-2');
    expect(changed).toEqual({ code: 0, err: [], out: [`工作人员 zhaojiu (${id}) 角色: approver，已结束其 1 个登录会话`] });
    // The same person (same id), the old session ended at once, the old password refused, the new one with the new role.
    expect((await staffCall(office.url, session.token, 'GET', '/office/queues/1')).status).toBe(401);
    await expect(login(office.url, 'zhaojiu', 'first-password-1')).rejects.toThrow(/401/);
    const again = await fetch(`${office.url}${API_BASE}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'zhaojiu', password: 'second-password-2' }) });
    expect((await again.json()) as unknown).toMatchObject({ staffId: id, roles: ['approver'] });
  });

  it('refuses an account with an option missing or an unknown role, and creates nothing', async () => {
    expect(await van('create-staff', '--staff-login', 'qianshi', '--name', '钱十', '--roles', 'reviewer')).toEqual({ code: 2, out: [], err: ['缺少参数 --new-password'] });
    const unknownRole = await van('create-staff', '--staff-login', 'qianshi', '--name', '钱十', '--roles', 'boss', '--new-password', 'some-password-1');
    expect(unknownRole.code).toBe(2);
    expect(unknownRole.out).toEqual([]);
    // Each field named as the office names it, never by its key or in zod's English (`Invalid option: expected one of`).
    expect(unknownRole.err).toEqual(['办公室拒绝 (HTTP 400): 工作人员信息不合格：角色：格式不对']);
    const short = await van('create-staff', '--staff-login', 'Qian Shi', '--name', '钱十', '--roles', 'reviewer', '--new-password', 'short');
    expect(short).toEqual({ code: 2, out: [], err: ['办公室拒绝 (HTTP 400): 工作人员信息不合格：账号：格式不对；密码：太短'] });
    // The code a program reads stays the protocol's.
    expect(await staffCall(office.url, admin, 'POST', '/admin/staff', { login: 'qianshi', name: '', roles: ['reviewer'], password: 'some-password-1' }))
      .toEqual({ status: 400, body: { code: 'malformed', message: '工作人员信息不合格：姓名：请填写' } });
    // No such account: deactivating it is refused as unknown.
    expect((await staffCall(office.url, admin, 'POST', '/admin/staff/qianshi/deactivate', {})).status).toBe(404);
  });

  it('deactivates an account: its sessions end and it cannot log in; an unknown login is refused and nothing changes', async () => {
    await staffCall(office.url, admin, 'POST', '/admin/staff', { login: 'sunyi', name: '孙一', roles: ['reviewer'], password: 'sunyi-password-1' });
    const token = await login(office.url, 'sunyi', 'sunyi-password-1');
    const bystander = await login(office.url, 'wangfang');

    expect(await van('deactivate-staff', '--staff-login', 'nobody')).toEqual({ code: 2, out: [], err: ['办公室拒绝 (HTTP 404): 没有账号 nobody'] });
    expect(await van('deactivate-staff')).toEqual({ code: 2, out: [], err: ['缺少参数 --staff-login'] });
    expect((await staffCall(office.url, token, 'GET', '/office/queues/1')).status).toBe(200);

    expect(await van('deactivate-staff', '--staff-login', 'sunyi')).toEqual({ code: 0, err: [], out: ['账号 sunyi 已停用，结束了 1 个登录会话'] });
    expect((await staffCall(office.url, token, 'GET', '/office/queues/1')).status).toBe(401);
    await expect(login(office.url, 'sunyi', 'sunyi-password-1')).rejects.toThrow(/401/);
    // Only that person: another's session goes on.
    expect((await staffCall(office.url, bystander, 'GET', '/office/queues/1')).status).toBe(200);
  });
});

describe('office allocate-receipts', () => {
  it('gives a trip its block and prints its first and last number as the van prints them', async () => {
    await newTrip('trip-cli-a');
    const given = await van('allocate-receipts', '--trip', 'trip-cli-a', '--prefix', 'CLI-', '--first', '1', '--last', '50');
    expect(given).toEqual({ code: 0, err: [], out: ['出车任务 trip-cli-a 的票据号段: CLI-000001 – CLI-000050'] });
    expect(await blockOf('trip-cli-a')).toEqual({ prefix: 'CLI-', first: 1, last: 50, width: 6 });
  });

  it('gives a block without a prefix when none is asked for (the help shows it as optional)', async () => {
    await newTrip('trip-cli-d');
    const given = await van('allocate-receipts', '--trip', 'trip-cli-d', '--first', '7001', '--last', '7050');
    expect(given).toEqual({ code: 0, err: [], out: ['出车任务 trip-cli-d 的票据号段: 007001 – 007050'] });
    expect(await blockOf('trip-cli-d')).toEqual({ prefix: '', first: 7001, last: 7050, width: 6 });
  });

  it('refuses a block overlapping another trip’s, a second block, an unknown trip and a missing number; nothing is given', async () => {
    await newTrip('trip-cli-b');
    await newTrip('trip-cli-c');
    expect((await van('allocate-receipts', '--trip', 'trip-cli-b', '--prefix', 'CLB-', '--first', '100', '--last', '199', '--width', '4')).code).toBe(0);
    expect(await blockOf('trip-cli-b')).toEqual({ prefix: 'CLB-', first: 100, last: 199, width: 4 });

    expect(await van('allocate-receipts', '--trip', 'trip-cli-c', '--prefix', 'CLB-', '--first', '150', '--last', '249', '--width', '4')).toEqual({
      code: 2, out: [], err: ['办公室拒绝 (HTTP 409): 号段与出车任务 trip-cli-b 的号段重叠'],
    });
    expect(await van('allocate-receipts', '--trip', 'trip-cli-b', '--prefix', 'CLZ-', '--first', '1', '--last', '9')).toEqual({
      code: 2, out: [], err: ['办公室拒绝 (HTTP 409): 该出车任务已分配号段；号段一经分配不可更改'],
    });
    expect(await van('allocate-receipts', '--trip', 'trip-nowhere', '--prefix', 'CLY-', '--first', '1', '--last', '9')).toEqual({
      code: 2, out: [], err: ['办公室拒绝 (HTTP 404): 出车任务 trip-nowhere 不存在'],
    });
    expect(await van('allocate-receipts', '--trip', 'trip-cli-c', '--prefix', 'CLY-', '--last', '9')).toEqual({ code: 2, out: [], err: ['缺少参数 --first'] });
    expect(await van('allocate-receipts', '--trip', 'trip-cli-c', '--prefix', 'CLY-', '--first', 'one', '--last', '9')).toEqual({ code: 2, out: [], err: ['--first 必须是整数'] });
    expect(await blockOf('trip-cli-c')).toBeNull();
    expect(await blockOf('trip-cli-b')).toEqual({ prefix: 'CLB-', first: 100, last: 199, width: 4 });
    expect(await blockOf('trip-nowhere')).toBeUndefined();
  });
});

describe('--help on each command', () => {
  it('shows its options, as README says', async () => {
    for (const [command, usage] of [
      ['create-staff', 'create-staff --staff-login <l> --name <n> --roles a,b --new-password <p>'],
      ['deactivate-staff', 'deactivate-staff --staff-login <l>'],
      ['allocate-receipts', 'allocate-receipts --trip <id> [--prefix <p>] --first <n> --last <n> [--width 6]'],
      ['wipe-device', 'wipe-device --device <deviceId>'],
      ['abandon-unsynced', 'abandon-unsynced --device <deviceId>'],
      ['status', 'status'],
    ] as const) {
      const out: string[] = [];
      expect(await runCli(['office', command, '--help'], { out: (l) => out.push(l), err: (l) => out.push(l) })).toBe(0);
      expect(out.join('\n').split('\n')[0]).toBe(`用法：npm run van -- office ${usage}`);
    }
  });
});
