import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BASE } from '#protocol/version.ts';
import { adminToken, enrollDevice, protocolHeaders, removeDir, startOffice, type RunningOffice } from '../sync/helpers.ts';

/**
 * A sync request the office cannot read is refused `malformed`, and the van shows the message as it is on 同步: it
 * names each field in Chinese, never by its key or in zod's English (`Too small: expected number to be >=1`).
 */
let office: RunningOffice;
let device: { deviceId: string; token: string };
beforeAll(async () => {
  office = await startOffice();
  device = await enrollDevice(office.url, 'request-reasons');
});
afterAll(async () => {
  await office.close();
  removeDir(office.dataDir);
});

const LATIN = /[A-Za-z]{3,}/;
async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: { code?: string; message?: string } }> {
  const res = await fetch(`${office.url}${API_BASE}${path}`, { method, headers: protocolHeaders(device.token), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, json: (await res.json()) as { code?: string; message?: string } };
}

describe('a sync request the office cannot read', () => {
  it('is refused malformed, each field named in Chinese', async () => {
    const answers = {
      limit: await call('GET', '/sync/trips/pull?limit=0'),
      checkpoint: await call('GET', '/sync/trips/pull?checkpoint=yesterday'),
      push: await call('POST', '/sync/cases/push', []),
      outbox: await call('POST', '/sync/outbox', { rows: [{ collection: 'trips', doc: { id: 'trip-x', _deleted: false } }] }),
      report: await call('POST', '/devices/me/report', { chainHeadSeq: -1, chainHeadHash: null, pendingDocuments: 0, pendingScans: 0 }),
      grant: await call('POST', '/devices/me/receipt-grants', {}),
      snapshots: await call('POST', '/devices/me/unit-snapshots', { tripIds: 'trip-1' }),
    };
    expect(answers).toEqual({
      limit: { status: 400, json: { code: 'malformed', message: '拉取参数不合格：每次拉取的条数：超出允许的范围' } },
      checkpoint: { status: 400, json: { code: 'malformed', message: '拉取参数不合格：同步位置：格式不对' } },
      push: { status: 400, json: { code: 'malformed', message: '推送内容不合格：推送内容：太少' } },
      outbox: { status: 400, json: { code: 'malformed', message: '推送内容不合格：记录类型：格式不对' } },
      report: { status: 400, json: { code: 'malformed', message: '状态报告不合格：记录链末条序号：超出允许的范围；被退回的记录数：请填写' } },
      grant: { status: 400, json: { code: 'malformed', message: '领取票据号码的请求不合格：出车任务编号：请填写' } },
      snapshots: { status: 400, json: { code: 'malformed', message: '刷新单元状态的请求不合格：出车任务编号：格式不对' } },
    });
    for (const a of Object.values(answers)) expect(a.json.message).not.toMatch(LATIN);
  });

  it('as the report before a wipe, is refused malformed with its fields in Chinese', async () => {
    const ordered = await fetch(`${office.url}${API_BASE}/admin/devices/${encodeURIComponent(device.deviceId)}/wipe`, { method: 'POST', headers: { authorization: `Bearer ${await adminToken(office.url)}`, 'content-type': 'application/json' }, body: '{}' });
    expect(ordered.ok).toBe(true);
    const ready = await call('POST', '/devices/me/wipe/ready', { pendingDocuments: 0, quarantined: 0, unverifiedScans: 'none' });
    expect(ready).toEqual({ status: 400, json: { code: 'malformed', message: '擦除前报告不合格：未核实的扫描件数：格式不对' } });
    const done = await call('POST', '/devices/me/wipe/done', { erasedAt: '昨天' });
    expect(done).toEqual({ status: 400, json: { code: 'malformed', message: '擦除确认不合格：擦除时间：格式不对' } });
  });

  it('as an enrollment code asked for by the administration, is refused with its fields in Chinese', async () => {
    const res = await fetch(`${office.url}${API_BASE}/admin/enroll-codes`, { method: 'POST', headers: { authorization: `Bearer ${await adminToken(office.url)}`, 'content-type': 'application/json' }, body: JSON.stringify({ ttlHours: 0 }) });
    expect({ status: res.status, json: (await res.json()) as unknown }).toEqual({ status: 400, json: { code: 'malformed', message: '登记码申请不合格：服务车编号：请填写；有效小时数：超出允许的范围' } });
  });
});
