import { parseArgs } from 'node:util';
import { type CliCommand, UsageError } from '../command.ts';
import { type DeviceStatus, ErrorBody, LoginResponse } from '#protocol/messages.ts';
import { API_BASE } from '#protocol/version.ts';
import { assertNever } from '#domain/assert.ts';
import { chinaDateTime } from '#domain/calendar/china-time.ts';
import { publishRelease } from './office-updates.ts';

/** Each command with its options and what it does (the help texts are built from this one table). */
const COMMANDS = {
  'enroll-code': { usage: '--van <vanId> [--ttl-hours 24]', summary: 'issue a one-time device enrollment code' },
  'create-staff': { usage: '--staff-login <l> --name <n> --roles a,b --new-password <p>', summary: 'create or reset a staff account' },
  'allocate-receipts': { usage: '--trip <id> --prefix <p> --first <n> --last <n> [--width 6]', summary: 'give a trip its receipt number block' },
  'deactivate-staff': { usage: '--staff-login <l>', summary: 'deactivate an account (its sessions end at once)' },
  'revoke-device': { usage: '--device <deviceId>', summary: 'revoke a device: its token is refused at once' },
  'wipe-device': { usage: '--device <deviceId>', summary: 'order a lost device wiped: it pushes what it holds, then erases itself' },
  'abandon-unsynced': { usage: '--device <deviceId>', summary: 'let a device ordered wiped erase without pushing what it still holds' },
  'refresh-units': { usage: '--trip <id>', summary: "read the register again for a trip's units: fresh status snapshots for its van" },
  status: { usage: '', summary: 'sync status per device (chain, pending, last seen, revoked, wipe)' },
  backup: { usage: '', summary: 'online backup of the office database into <data>/backups/' },
  'publish-update': { usage: '--from <dir>', summary: "serve a release (npm run dist's output) to the vans as their update feed" },
} as const;
type Sub = keyof typeof COMMANDS;
const isSub = (s: string): s is Sub => Object.hasOwn(COMMANDS, s);

const COMMON = `Common options: --office <url> (default $VAN_OFFICE_URL or http://127.0.0.1:8787)
                --login <admin login> (default $VAN_OFFICE_LOGIN or admin)
                --password <admin password> (default $VAN_OFFICE_PASSWORD)`;

const HELP = [
  'van office: administer an office server over HTTP (admin login)',
  '',
  'Usage: npm run van -- office <command> [options]',
  ...Object.entries(COMMANDS).map(([name, c]) => `  ${`${name} ${c.usage}`.trimEnd()}\n      ${c.summary}`),
  '',
  COMMON,
  '',
  '`npm run van -- office <command> --help` shows one command.',
].join('\n');

const commandHelp = (name: Sub): string => `Usage: ${`npm run van -- office ${name} ${COMMANDS[name].usage}`.trimEnd()}\n  ${COMMANDS[name].summary}\n\n${COMMON}`;

type Opts = Record<string, string | boolean | undefined>;

async function call(base: string, token: string | null, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}${API_BASE}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = ErrorBody.safeParse(json);
    throw new UsageError(`办公室拒绝 (HTTP ${res.status}): ${parsed.success ? parsed.data.message : JSON.stringify(json)}`);
  }
  return json;
}

const str = (o: Opts, k: string): string | undefined => (typeof o[k] === 'string' ? o[k] : undefined);
const need = (o: Opts, k: string): string => {
  const v = str(o, k);
  if (!v) throw new UsageError(`缺少参数 --${k}`);
  return v;
};
const int = (o: Opts, k: string, fallback?: number): number => {
  const raw = str(o, k);
  const n = raw === undefined ? fallback : Number(raw);
  if (n === undefined || !Number.isInteger(n)) throw new UsageError(`--${k} 必须是整数`);
  return n;
};

function formatStatus(list: readonly DeviceStatus[]): string[] {
  if (list.length === 0) return ['（尚无登记设备）'];
  return list.map((d) => {
    const r = d.report;
    const pending = r ? `待传文档 ${r.pendingDocuments}，待传扫描件 ${r.pendingScans}，隔离 ${r.quarantined}` : '尚未上报';
    const chain = d.chain.state === 'ok' ? `哈希链完好（已验证至第 ${d.chain.verifiedSeq} 个事件）` : `哈希链${d.chain.state === 'gap' ? '不完整' : '断裂'}: ${d.chain.detail ?? ''}`;
    const revoked = d.revokedAt ? `  已停用（${d.revokedAt}）` : '';
    return `${d.deviceId}  ${d.name}  车辆 ${d.vanId}${revoked}${wipeText(d)}  最后联系 ${d.lastSeenAt ?? '从未'}  已收事件 ${d.storedEvents}  已验扫描件 ${d.verifiedScans}  ${pending}  ${chain}`;
  });
}

function wipeText(d: DeviceStatus): string {
  const w = d.wipe;
  if (!w) return '';
  if (w.erasedAt) return `  已擦除（设备报告 ${w.erasedAt}，办公室收到 ${w.confirmedAt ?? ''}）`;
  const left = w.lastReport ? `，设备尚有待传记录 ${w.lastReport.pendingDocuments}、被退回 ${w.lastReport.quarantined}、未验扫描件 ${w.lastReport.unverifiedScans}` : '，设备尚未联系';
  return `  已下令擦除（${w.orderedAt}${w.abandonedAt ? '，已放弃未同步数据' : ''}${left}）`;
}

/** `van office …`: talks to a running office over HTTP with an admin login (so the office's checks apply). */
export const officeCommand: CliCommand = {
  name: 'office',
  summary: 'office server administration: enrollment codes, staff, receipt blocks, device revocation and sync status',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (!sub || sub === '--help' || sub === '-h') {
      io.out(HELP);
      return sub ? 0 : 2;
    }
    if (!isSub(sub)) throw new UsageError(`未知的 office 命令: ${sub}（可用: ${Object.keys(COMMANDS).join(', ')}）`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(commandHelp(sub));
      return 0;
    }
    const { values } = parseArgs({
      args: rest,
      strict: true,
      options: {
        office: { type: 'string' }, login: { type: 'string' }, password: { type: 'string' },
        van: { type: 'string' }, 'ttl-hours': { type: 'string' },
        'staff-login': { type: 'string' }, name: { type: 'string' }, roles: { type: 'string' }, 'new-password': { type: 'string' },
        from: { type: 'string' },
        device: { type: 'string' },
        trip: { type: 'string' }, prefix: { type: 'string' }, first: { type: 'string' }, last: { type: 'string' }, width: { type: 'string' },
      },
    });
    const o = values as Opts;
    const base = (str(o, 'office') ?? process.env['VAN_OFFICE_URL'] ?? 'http://127.0.0.1:8787').replace(/\/+$/, '');
    const password = str(o, 'password') ?? process.env['VAN_OFFICE_PASSWORD'];
    if (!password) throw new UsageError('需要管理员密码: --password 或环境变量 VAN_OFFICE_PASSWORD');
    const login = LoginResponse.parse(
      await call(base, null, 'POST', '/auth/login', { login: str(o, 'login') ?? process.env['VAN_OFFICE_LOGIN'] ?? 'admin', password }),
    );
    const token = login.token;
    switch (sub) {
      case 'enroll-code': {
        const res = (await call(base, token, 'POST', '/admin/enroll-codes', { vanId: need(o, 'van'), ttlHours: int(o, 'ttl-hours', 24) })) as { code: string; expiresAt: string };
        io.out(`登记码 ${res.code}（车辆 ${need(o, 'van')}，一次有效，${res.expiresAt} 前使用）`);
        return 0;
      }
      case 'create-staff': {
        const res = (await call(base, token, 'POST', '/admin/staff', {
          login: need(o, 'staff-login'),
          name: need(o, 'name'),
          roles: need(o, 'roles').split(',').map((r) => r.trim()).filter(Boolean),
          password: need(o, 'new-password'),
        })) as { id: string; login: string; roles: string[] };
        io.out(`工作人员 ${res.login} (${res.id}) 角色: ${res.roles.join(', ')}`);
        return 0;
      }
      case 'allocate-receipts': {
        const trip = need(o, 'trip');
        await call(base, token, 'POST', `/admin/trips/${encodeURIComponent(trip)}/receipt-block`, {
          prefix: str(o, 'prefix') ?? '', first: int(o, 'first'), last: int(o, 'last'), width: int(o, 'width', 6),
        });
        io.out(`出车任务 ${trip} 的票据号段: ${str(o, 'prefix') ?? ''}${int(o, 'first')} – ${str(o, 'prefix') ?? ''}${int(o, 'last')}`);
        return 0;
      }
      case 'deactivate-staff': {
        const login = need(o, 'staff-login');
        const res = (await call(base, token, 'POST', `/admin/staff/${encodeURIComponent(login)}/deactivate`, {})) as { endedSessions: number };
        io.out(`账号 ${login} 已停用，结束了 ${res.endedSessions} 个登录会话`);
        return 0;
      }
      case 'revoke-device': {
        const device = need(o, 'device');
        const res = (await call(base, token, 'POST', `/admin/devices/${encodeURIComponent(device)}/revoke`, {})) as { already: boolean };
        io.out(res.already ? `设备 ${device} 此前已停用` : `设备 ${device} 已停用：其令牌立即失效；该设备可凭新的登记码重新登记，未上传的记录不会丢失`);
        return 0;
      }
      case 'wipe-device': {
        const device = need(o, 'device');
        const res = (await call(base, token, 'POST', `/admin/devices/${encodeURIComponent(device)}/wipe`, {})) as { already: boolean };
        io.out(res.already ? `设备 ${device} 此前已下令擦除` : `已下令擦除设备 ${device}：它下次联系办公室时先上传未同步的记录和扫描件，然后删除本机全部数据；office status 显示擦除时间`);
        return 0;
      }
      case 'abandon-unsynced': {
        const device = need(o, 'device');
        await call(base, token, 'POST', `/admin/devices/${encodeURIComponent(device)}/abandon-unsynced`, {});
        io.out(`设备 ${device} 上尚未同步的数据已放弃：它下次联系办公室时不再等待上传，直接擦除`);
        return 0;
      }
      case 'refresh-units': {
        const trip = need(o, 'trip');
        const res = (await call(base, token, 'POST', `/admin/trips/${encodeURIComponent(trip)}/unit-snapshots`, {})) as { units: number; snapshotAt: string };
        io.out(`出车任务 ${trip}: 已重新查询 ${res.units} 个不动产单元的状态（北京时间 ${chinaDateTime(res.snapshotAt)}），服务车下次联网时取得`);
        return 0;
      }
      case 'status': {
        for (const line of formatStatus((await call(base, token, 'GET', '/admin/devices')) as DeviceStatus[])) io.out(line);
        return 0;
      }
      case 'backup': {
        const res = (await call(base, token, 'POST', '/admin/backup', {})) as { file: string };
        io.out(`备份完成: ${res.file}`);
        return 0;
      }
      case 'publish-update': {
        await publishRelease(base, token, need(o, 'from'), io);
        return 0;
      }
      default:
        return assertNever(sub);
    }
  },
};
