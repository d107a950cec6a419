import { parseArgs } from 'node:util';
import { z } from 'zod';
import { type CliCommand, UsageError } from '../command.ts';
import { type DeviceStatus, ErrorBody, LoginResponse } from '#protocol/messages.ts';
import { API_BASE } from '#protocol/version.ts';
import { assertNever } from '#domain/assert.ts';
import { chinaDateTime } from '#domain/calendar/china-time.ts';
import { formatNumber } from '#domain/receipts/number-block.ts';
import { ReceiptBlock } from '#protocol/documents/office.ts';
import { publishRelease } from './office-updates.ts';
import { OFFICE_T } from '../cli-text.ts';

/** Each command with its options (the help texts are built from this one table; what each does is in cli-text.ts). */
const USAGE = {
  'enroll-code': '--van <vanId> [--ttl-hours 24]',
  'create-staff': '--staff-login <l> --name <n> --roles a,b --new-password <p>',
  'allocate-receipts': '--trip <id> [--prefix <p>] --first <n> --last <n> [--width 6]',
  'deactivate-staff': '--staff-login <l>',
  'revoke-device': '--device <deviceId>',
  'wipe-device': '--device <deviceId>',
  'abandon-unsynced': '--device <deviceId>',
  'refresh-units': '--trip <id>',
  status: '',
  backup: '',
  'publish-update': '--from <dir>',
} as const satisfies Record<keyof typeof OFFICE_T.commands, string>;
type Sub = keyof typeof USAGE;
const isSub = (s: string): s is Sub => Object.hasOwn(USAGE, s);
const usageOf = (name: Sub): string => `${name} ${USAGE[name]}`.trimEnd();

const HELP = OFFICE_T.help((Object.keys(USAGE) as Sub[]).map((name) => ({ usage: usageOf(name), summary: OFFICE_T.commands[name] })), OFFICE_T.common);
const commandHelp = (name: Sub): string => OFFICE_T.commandHelp(usageOf(name), OFFICE_T.commands[name], OFFICE_T.common);

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
    // A 5xx answer is `{ message, requestId }` (answer-failure.ts): its message, not the JSON around it.
    const failure = z.object({ message: z.string(), requestId: z.string() }).safeParse(json);
    const message = parsed.success ? parsed.data.message : failure.success ? OFFICE_T.failed(failure.data.message, failure.data.requestId) : JSON.stringify(json);
    throw new UsageError(OFFICE_T.refused(res.status, message));
  }
  return json;
}

const str = (o: Opts, k: string): string | undefined => (typeof o[k] === 'string' ? o[k] : undefined);
const need = (o: Opts, k: string): string => {
  const v = str(o, k);
  if (!v) throw new UsageError(OFFICE_T.missing(k));
  return v;
};
const int = (o: Opts, k: string, fallback?: number): number => {
  const raw = str(o, k);
  if (raw === undefined && fallback === undefined) throw new UsageError(OFFICE_T.missing(k));
  const n = raw === undefined ? fallback : Number(raw);
  if (n === undefined || !Number.isInteger(n)) throw new UsageError(OFFICE_T.notInteger(k));
  return n;
};

function formatStatus(list: readonly DeviceStatus[]): string[] {
  if (list.length === 0) return [OFFICE_T.noDevices];
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
  const r = w.lastReport;
  // A locked store could not count what it holds: its zeros are not "nothing left".
  const left = !r ? '，设备尚未联系' : r.locked ? OFFICE_T.wipeLocked : OFFICE_T.wipeLeft(r.pendingDocuments, r.quarantined, r.unverifiedScans);
  return `  已下令擦除（${w.orderedAt}${w.abandonedAt ? '，已放弃未同步数据' : ''}${left}）`;
}

/** `van office …`: talks to a running office over HTTP with an admin login (so the office's checks apply). */
export const officeCommand: CliCommand = {
  name: 'office',
  summary: OFFICE_T.summary,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (!sub || sub === '--help' || sub === '-h') {
      io.out(HELP);
      return sub ? 0 : 2;
    }
    if (!isSub(sub)) throw new UsageError(OFFICE_T.unknownCommand(sub, Object.keys(USAGE)));
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
    if (!password) throw new UsageError(OFFICE_T.needPassword);
    const login = LoginResponse.parse(
      await call(base, null, 'POST', '/auth/login', { login: str(o, 'login') ?? process.env['VAN_OFFICE_LOGIN'] ?? 'admin', password }),
    );
    const token = login.token;
    switch (sub) {
      case 'enroll-code': {
        const res = (await call(base, token, 'POST', '/admin/enroll-codes', { vanId: need(o, 'van'), ttlHours: int(o, 'ttl-hours', 24) })) as { code: string; expiresAt: string };
        io.out(OFFICE_T.enrollCode(res.code, need(o, 'van'), res.expiresAt));
        return 0;
      }
      case 'create-staff': {
        const res = (await call(base, token, 'POST', '/admin/staff', {
          login: need(o, 'staff-login'),
          name: need(o, 'name'),
          roles: need(o, 'roles').split(',').map((r) => r.trim()).filter(Boolean),
          password: need(o, 'new-password'),
        })) as { id: string; login: string; roles: string[]; endedSessions: number };
        io.out(OFFICE_T.staff(res.login, res.id, res.roles, res.endedSessions));
        return 0;
      }
      case 'allocate-receipts': {
        const trip = need(o, 'trip');
        const res = z.object({ receiptBlock: ReceiptBlock.nullable() }).parse(await call(base, token, 'POST', `/admin/trips/${encodeURIComponent(trip)}/receipt-block`, {
          prefix: str(o, 'prefix') ?? '', first: int(o, 'first'), last: int(o, 'last'), width: int(o, 'width', 6),
        }));
        // The numbers as the van prints them: the office adds its area code and the width pads the counter.
        const block = res.receiptBlock;
        if (!block) throw new Error(`office answered trip ${trip} without a receipt block`);
        io.out(OFFICE_T.receiptBlock(trip, formatNumber(block, block.first), formatNumber(block, block.last)));
        return 0;
      }
      case 'deactivate-staff': {
        const login = need(o, 'staff-login');
        const res = (await call(base, token, 'POST', `/admin/staff/${encodeURIComponent(login)}/deactivate`, {})) as { endedSessions: number };
        io.out(OFFICE_T.deactivated(login, res.endedSessions));
        return 0;
      }
      case 'revoke-device': {
        const device = need(o, 'device');
        const res = (await call(base, token, 'POST', `/admin/devices/${encodeURIComponent(device)}/revoke`, {})) as { already: boolean };
        io.out(OFFICE_T.revoked(device, res.already));
        return 0;
      }
      case 'wipe-device': {
        const device = need(o, 'device');
        const res = (await call(base, token, 'POST', `/admin/devices/${encodeURIComponent(device)}/wipe`, {})) as { already: boolean };
        io.out(OFFICE_T.wipeOrdered(device, res.already));
        return 0;
      }
      case 'abandon-unsynced': {
        const device = need(o, 'device');
        await call(base, token, 'POST', `/admin/devices/${encodeURIComponent(device)}/abandon-unsynced`, {});
        io.out(OFFICE_T.abandoned(device));
        return 0;
      }
      case 'refresh-units': {
        const trip = need(o, 'trip');
        const res = (await call(base, token, 'POST', `/admin/trips/${encodeURIComponent(trip)}/unit-snapshots`, {})) as { units: number; snapshotAt: string };
        io.out(OFFICE_T.unitsRefreshed(trip, res.units, chinaDateTime(res.snapshotAt)));
        return 0;
      }
      case 'status': {
        for (const line of formatStatus((await call(base, token, 'GET', '/admin/devices')) as DeviceStatus[])) io.out(line);
        return 0;
      }
      case 'backup': {
        const res = (await call(base, token, 'POST', '/admin/backup', {})) as { file: string };
        io.out(OFFICE_T.backedUp(res.file));
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
