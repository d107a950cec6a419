import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '#electron/ipc/handle.ts';
import { createServiceHost } from '#electron/services/host.ts';
import { createScanAdapter } from '#electron/services/scan-adapter.ts';
import { createLogger } from '#electron/services/log.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const root = tempFolderForTests('van-scan-remove');

const png = (seed: number) => Buffer.from([137, 80, 78, 71, 13, 10, 26, 10, seed]);

describe('one scan taken out of an intake not yet saved (scans:remove, through the IPC contract)', () => {
  let dataDir = '';
  let host: ReturnType<typeof createServiceHost>;
  let call: (channel: string, payload?: unknown) => ReturnType<typeof dispatch>;
  const onDisk = (sha: string) => join(dataDir, 'scans', sha.slice(0, 2), sha);
  const indexed = () => (JSON.parse(readFileSync(join(dataDir, 'scan-index.json'), 'utf8')) as { entries: { sha256: string; caseId: string }[] }).entries.map((e) => `${e.caseId} ${e.sha256.slice(0, 8)}`).sort();
  const importTo = async (caseId: string, ...seeds: number[]) => {
    const r = await call('scans:import', { caseId, material: '申请书', files: seeds.map((seed) => ({ name: `${seed}.png`, mime: 'image/png', stagedId: host.scanFiles!.stage(png(seed)) })) });
    if (!r.ok) throw new Error(r.error.message);
    return (r.value as { sha256: string }[]).map((s) => s.sha256);
  };

  beforeEach(async () => {
    dataDir = mkdtempSync(join(root(), 'van-'));
    const scans = await createScanAdapter({ dataDir, officeUrl: 'http://127.0.0.1:1/', deviceToken: null, log: createLogger('test') });
    host = createServiceHost({ dataDir, config: {}, officeUrl: 'http://127.0.0.1:1/', isDemo: false, deps: { scans } });
    call = (channel, payload) => dispatch(host.handlersFor('http'), channel, payload, { transport: 'http', isTrustedSender: true });
    await call('scans:unlock', { keyBase64: randomBytes(32).toString('base64') });
  });
  afterEach(async () => host.close());

  it('removes the scan from the draft’s case and its sealed file, leaving the other scans as they were', async () => {
    const [wrong, right] = await importTo('draft-1', 1, 2);
    expect(await call('scans:remove', { caseId: 'draft-1', sha256: wrong })).toEqual({ ok: true, value: { fileRemoved: true } });
    expect(existsSync(onDisk(wrong!))).toBe(false);
    expect(existsSync(onDisk(right!))).toBe(true);
    expect(await call('scans:list', { caseId: 'draft-1' })).toMatchObject({ ok: true, value: [{ sha256: right }] });
    expect(indexed()).toEqual([`draft-1 ${right!.slice(0, 8)}`]);
    // Asked again (a retry after a lost answer): a clear Chinese answer, nothing else changes.
    expect(await call('scans:remove', { caseId: 'draft-1', sha256: wrong })).toEqual({
      ok: false, error: { code: 'not-found', message: '此受理中没有这份扫描件（可能已删除）。请返回“材料与扫描”查看当前的扫描件。' },
    });
    expect(indexed()).toEqual([`draft-1 ${right!.slice(0, 8)}`]);
  });

  it('keeps the file when another case holds the same file', async () => {
    const [shared] = await importTo('draft-1', 3);
    await importTo('case-2', 3);
    expect(await call('scans:remove', { caseId: 'draft-1', sha256: shared })).toEqual({ ok: true, value: { fileRemoved: false } });
    expect(existsSync(onDisk(shared!))).toBe(true);
    expect(await call('scans:list', { caseId: 'draft-1' })).toEqual({ ok: true, value: [] });
    expect(await call('scans:list', { caseId: 'case-2' })).toMatchObject({ ok: true, value: [{ sha256: shared }] });
  });

  it('refuses, in Chinese, a scan of a case already saved (its notice issued, its records on their way to the office), changing nothing', async () => {
    const [kept] = await importTo('case-saved', 4);
    expect(await call('scans:caseSaved', { caseIds: ['case-saved'] })).toEqual({ ok: true, value: { released: 1 } });
    expect(await call('scans:remove', { caseId: 'case-saved', sha256: kept })).toEqual({
      ok: false,
      error: { code: 'rejected', message: '这份扫描件已随受理保存（告知书已出具，案件已记录或已同步到办公室），不能删除。如导入有误，请在“案件”中按补正或更正办理。' },
    });
    expect(existsSync(onDisk(kept!))).toBe(true);
    expect(indexed()).toEqual([`case-saved ${kept!.slice(0, 8)}`]);
  });

  it('refuses a malformed request by the contract, before the store is asked', async () => {
    expect(await call('scans:remove', { caseId: 'draft-1', sha256: 'not-a-hash' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});
