import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindVanApi, type VanApi } from '#electron/ipc/contract.ts';
import { dispatch } from '#electron/ipc/handle.ts';
import { type ScanStore } from '#electron/services/context.ts';
import { createServiceHost, type ServiceHost } from '#electron/services/host.ts';
import { createLogger } from '#electron/services/log.ts';
import { createScanAdapter } from '#electron/services/scan-adapter.ts';
import { text } from '#electron/services/service-text.ts';
import { createAppProtocolRouter } from '#electron/windows/app-protocol.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

/**
 * A file staff import that the van cannot keep is refused in words they can act on: a file that does not open is
 * called damaged, a disk that refuses is called what it is, and neither carries the system's English.
 */
const dataDir = tempFolderForTests('van-scan-import-failures');
const LATIN_WORD = /[A-Za-z]{3,}/;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let adapter: ScanStore;
let diskFull = false;
let host: ServiceHost;
let van: VanApi;
let stage: (bytes: Buffer) => Promise<string>;

beforeAll(async () => {
  // The real scan store, on a laptop whose disk can be made to fill up.
  adapter = await createScanAdapter({ dataDir: dataDir(), officeUrl: 'http://127.0.0.1:9/', deviceToken: 'token-scan-import-failures', log: createLogger('test') });
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  const scans: ScanStore = { ...adapter, put: (input) => (diskFull ? Promise.reject(enospc()) : adapter.put(input)) };
  host = createServiceHost({ dataDir: dataDir(), config: {}, officeUrl: 'http://127.0.0.1:9/', isDemo: false, deps: { scans } });
  const handlers = host.handlersFor('electron');
  van = bindVanApi({ invoke: (channel, request) => dispatch(handlers, channel, request, { transport: 'electron', isTrustedSender: true }), subscribe: () => () => undefined });
  const router = createAppProtocolRouter({ root: dataDir(), officeUrl: 'http://127.0.0.1:9/', scanFiles: host.scanFiles });
  stage = async (bytes) => {
    const res = await router.handle(new Request('app://van/scans/incoming', { method: 'POST', body: new Uint8Array(bytes) }));
    return ((await res.json()) as { value: { id: string } }).value.id;
  };
  const unlocked = await van.scansUnlock({ keyBase64: randomBytes(32).toString('base64') });
  expect(unlocked.ok).toBe(true);
});
afterAll(async () => {
  await host?.close();
  adapter?.close?.();
});

describe('a scan the van cannot keep', () => {
  it('is called damaged when it does not open (a PDF that does not parse), and nothing of the batch is kept', async () => {
    const good = await stage(Buffer.concat([PNG, randomBytes(2000)]));
    const broken = await stage(Buffer.from('%PDF-1.7\n这不是一份完整的 PDF 文件'));
    const r = await van.scansImport({ caseId: 'case-broken-pdf', material: '身份证明', files: [{ name: '户口簿.pdf', mime: 'application/pdf', stagedId: broken }, { name: '身份证.png', mime: 'image/png', stagedId: good }] });
    expect(r).toEqual({ ok: false, error: { code: 'invalid-request', message: '文件 户口簿.pdf 无法读取或已损坏，请重新扫描或导出后再导入' } });
    expect(await van.scansList({ caseId: 'case-broken-pdf' })).toEqual({ ok: true, value: [] });
  });

  it('is not called damaged when the disk is full: staff read that the disk is full, in Chinese, with its code', async () => {
    diskFull = true;
    try {
      const id = await stage(Buffer.concat([PNG, randomBytes(2000)]));
      const r = await van.scansImport({ caseId: 'case-disk-full', material: '身份证明', files: [{ name: '身份证.png', mime: 'image/png', stagedId: id }] });
      expect(r).toEqual({ ok: false, error: { code: 'unavailable', message: '文件 身份证.png 未能保存到本机：本机磁盘空间已满：请删除不需要的文件后重试（ENOSPC）' } });
    } finally {
      diskFull = false;
    }
  });
});

describe('a scan the office refuses for good, as the 同步 screen says it', () => {
  it("gives the office's own words where it wrote them", () => {
    expect(text.scanRefused(460, '扫描件哈希不符: 声明 aa，收到 bb\n')).toBe('办公室拒收该文件：扫描件哈希不符: 声明 aa，收到 bb');
  });

  it('says what the status means where the office answered in English (the upload library refusing by itself)', () => {
    expect(text.scanRefused(413, 'Maximum size exceeded\n')).toBe('办公室拒收该文件：文件超过办公室允许的大小');
    expect(text.scanRefused(460, 'Checksum mismatch\n')).toBe('办公室拒收该文件：办公室收到的内容与文件的校验值不符');
    expect(text.scanRefused(400, '')).toBe('办公室拒收该文件：上传的内容不合格');
    for (const status of [400, 413, 460]) expect(text.scanRefused(status, 'Invalid request')).not.toMatch(LATIN_WORD);
  });

  it("does not blame the office when the van's own copy did not open", () => {
    expect(text.scanRefused(0, '扫描件文件已损坏：ab12')).toBe('本机存的这份扫描件无法读出，未能上传：扫描件文件已损坏：ab12');
  });
});
