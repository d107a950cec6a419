import { describe, expect, it } from 'vitest';
import { type z } from 'zod';
import { channelNames, channels } from '#electron/ipc/contract.ts';
import { type Handlers, dispatch } from '#electron/ipc/handle.ts';
import { CHANNEL_FIELD_NAMES, REQUEST_FIELD_NAMES } from '#electron/ipc/request-text.ts';

/**
 * A request the contract refuses is answered `invalid-request` with what is wrong in Chinese, each field by its name
 * on the screens, which show the message as it is. Before, staff read zod's English and the field's code
 * (`请求内容不正确：code: Too small: expected string to have >=6 characters`) after typing a short enrollment code.
 */
const RECEIPT = {
  receiptId: 'r-1', receiptCode: '23000126', receiptNumber: '0000001', caseId: 'c-1', caseNumber: 'JMS-2026-000001', payer: '王淑兰',
  items: [{ name: '登记费', amountFen: 8000, ruleVersion: '1' }], totalFen: 8000, paymentMethod: 'cash', payee: '佳木斯市不动产登记中心', staffName: '李明',
  issuedAt: '2026-06-01T09:00:00+08:00', statusUrl: 'https://bdc.example/status', paperWidth: '80',
};
const handlers = {} as Handlers; // never reached: the request is refused before any handler runs
const refusal = async (channel: string, payload: unknown) => dispatch(handlers, channel, payload, { transport: 'electron', isTrustedSender: true });

describe('a refused request', () => {
  it.each<[string, unknown, string]>([
    ['device:reenroll', { code: '123' }, '新的登记码：太短'],
    ['device:reenroll', { code: '   ' }, '新的登记码：请填写'],
    ['device:reenroll', {}, '新的登记码：请填写'],
    ['device:reenroll', { code: 123456 }, '新的登记码：格式不对'],
    ['device:reenroll', { code: 'ABCDEF', extra: 1 }, '请求的整体：有多余的项'],
    ['receipts:void', { receipt: RECEIPT, reason: '写'.repeat(201), voidedBy: '李明', voidedAt: '2026-06-01T10:00:00+08:00' }, '作废原因：太长'],
    ['sync:exportBundle', { dir: ' ', collections: [], scans: [] }, 'U盘上的文件夹：请填写'],
    ['sync:importBundle', { path: 'x'.repeat(1001) }, '回传包文件或所在文件夹：太长'],
    ['scans:setScannerFolder', { path: 'x'.repeat(501) }, '扫描仪输出文件夹：太长'],
    ['devices:configure', { kind: 'idReader', path: '' }, '串口：请填写'],
    ['devices:configure', { kind: 'camera', path: '/dev/ttyUSB0' }, '设备：格式不对'],
    ['idReader:read', { timeoutMs: 'soon' }, '读卡等待时间：格式不对'],
    ['idReader:read', { timeoutMs: 10 }, '读卡等待时间：超出允许的范围'],
    ['scans:caseSaved', { caseIds: [] }, '案件：太少'],
    ['config:get', { bogus: true }, '请求的整体：格式不对'],
  ])('%s %j: %s', async (channel, payload, issues) => {
    const r = await refusal(channel, payload);
    expect(r).toEqual({ ok: false, error: { code: 'invalid-request', message: `请求内容不正确：${issues}` } });
  });

  it('names each wrong field once, inside lists too, however many of its entries are wrong', async () => {
    const r = await refusal('receipts:void', { receipt: { ...RECEIPT, payer: '', items: [{ name: '', amountFen: -1, ruleVersion: '1' }, { name: '', amountFen: 1, ruleVersion: '1' }] }, reason: '', voidedBy: '', voidedAt: '2026-06-01' });
    expect(r).toEqual({ ok: false, error: { code: 'invalid-request', message: '请求内容不正确：收据的缴款人：请填写；收据的收费项目名称：请填写；收据的收费金额：超出允许的范围；作废原因：请填写；作废人：请填写；作废时间：格式不对' } });
  });

  it('every channel refuses a malformed payload in Chinese, naming no field by its code', async () => {
    for (const channel of channelNames) {
      const r = await refusal(channel, { bogus: true });
      expect(r, channel).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
      // U盘 is the Chinese word for a USB stick.
      expect((r.ok ? '' : r.error.message).replaceAll('U盘', ''), channel).not.toMatch(/[A-Za-z]/);
    }
  });
});

/** Every field path of a request schema, without list positions (as the names are keyed). */
function fieldPaths(schema: z.ZodType, at: string[] = [], out = new Set<string>()): Set<string> {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const inner = (key: string) => fieldPaths(def[key] as z.ZodType, at, out);
  switch (def.type) {
    case 'object':
      for (const [key, field] of Object.entries(def['shape'] as Record<string, z.ZodType>)) {
        out.add([...at, key].join('.'));
        fieldPaths(field, [...at, key], out);
      }
      break;
    case 'array':
      inner('element');
      break;
    case 'optional':
    case 'nullable':
    case 'default':
      inner('innerType');
      break;
    case 'pipe':
      inner('in');
      break;
  }
  return out;
}

describe('the names of the requests’ fields', () => {
  it('name every field of every channel in Chinese, or the field that holds it (a row of the data a bundle carries)', () => {
    for (const channel of channelNames) {
      const names = { ...REQUEST_FIELD_NAMES, ...CHANNEL_FIELD_NAMES[channel] };
      for (const path of fieldPaths(channels[channel].request)) {
        const keys = path.split('.');
        const named = keys.map((_, n) => names[keys.slice(0, keys.length - n).join('.')]).find((x) => x !== undefined);
        expect(named?.replace('U盘', ''), `${channel} ${path}`).toMatch(/^[^A-Za-z]+$/);
      }
    }
  });
});
