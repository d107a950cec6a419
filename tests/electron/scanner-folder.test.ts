import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ScannerOffer, type ScanMeta } from '#electron/ipc/contract.ts';
import { dispatch } from '#electron/ipc/handle.ts';
import { watchScannerFolder } from '#electron/scans/folder-watch.ts';
import { openScannerInbox } from '#electron/scans/scanner-inbox.ts';
import { createServiceHost, type ServiceHost } from '#electron/services/host.ts';
import { createScanAdapter } from '#electron/services/scan-adapter.ts';
import { createLogger } from '#electron/services/log.ts';
import { PDFDocument } from 'pdf-lib';

const roots: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'van-scanner-'));
  roots.push(d);
  return d;
};
afterAll(() => roots.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A watcher on a fake clock that only looks when told (the hour-long poll never fires during a test). */
function clocked(dir: string, stableMs = 1500) {
  let t = 0;
  const changes: string[][] = [];
  const w = watchScannerFolder({ dir, pollMs: 3_600_000, stableMs, now: () => t, onChange: (files) => changes.push(files.map((f) => `${f.name}:${f.bytes}`)) });
  return { w, changes, at: async (ms: number) => ((t = ms), await w.rescan(), w.files().map((f) => `${f.name}:${f.bytes}`)) };
}

describe('the scanner output folder watch', () => {
  it('offers a file only once its size has stopped changing, never half-written', async () => {
    const dir = tempDir();
    const { w, at } = clocked(dir);
    writeFileSync(join(dir, 'scan-001.pdf'), Buffer.alloc(1000, 1));
    expect(await at(0)).toEqual([]);
    appendFileSync(join(dir, 'scan-001.pdf'), Buffer.alloc(1000, 2));
    expect(await at(2000)).toEqual([]); // grew since the last look: still being written
    expect(await at(3000)).toEqual([]); // unchanged, but not yet for 1.5 s
    expect(await at(3500)).toEqual(['scan-001.pdf:2000']);
    w.close();
  });

  it('ignores temporary names until the rename, other file types and empty files; drops removed files', async () => {
    const dir = tempDir();
    const { w, at, changes } = clocked(dir, 0);
    writeFileSync(join(dir, 'page.jpg.part'), 'x');
    writeFileSync(join(dir, '~scan.pdf'), 'x');
    writeFileSync(join(dir, 'notes.txt'), 'x');
    writeFileSync(join(dir, 'empty.png'), '');
    await at(0);
    expect(await at(1)).toEqual([]);
    renameSync(join(dir, 'page.jpg.part'), join(dir, 'page.jpg'));
    await at(2);
    expect(await at(3)).toEqual(['page.jpg:1']);
    rmSync(join(dir, 'page.jpg'));
    expect(await at(4)).toEqual([]);
    expect(changes).toEqual([['page.jpg:1'], []]);
    w.close();
  });

  it('finds files by polling (no watch events: network shares and some USB file systems send none)', async () => {
    const dir = tempDir();
    const seen = new Promise<string[]>((resolve) => {
      const w = watchScannerFolder({ dir, pollMs: 20, stableMs: 0, onChange: (files) => {
        if (files.length > 0) {
          w.close();
          resolve(files.map((f) => f.name));
        }
      } });
    });
    writeFileSync(join(dir, 'scan.tif'), 'II*\0');
    expect(await seen).toEqual(['scan.tif']);
  });
});

describe('the scanner inbox: attach a finished file, never the same file twice', () => {
  const store = (file: { name: string }, bytes: Uint8Array) => Promise.resolve({ sha256: `sha-of-${file.name}-${bytes.byteLength}` });

  it('attaches once, refuses the second time, and still refuses after a restart', async () => {
    const dataDir = tempDir();
    const dir = tempDir();
    writeFileSync(join(dir, 'scan.pdf'), Buffer.alloc(500, 7));
    const offers: ScannerOffer[] = [];
    const inbox = openScannerInbox({ dataDir, onChange: (o) => offers.push(o), pollMs: 3_600_000, stableMs: 0 });
    expect(await inbox.setFolder('relative/path')).toEqual({ ok: false, error: { code: 'rejected', message: expect.stringContaining('完整路径') as string } });
    expect(await inbox.setFolder(join(dir, 'nope'))).toMatchObject({ ok: false, error: { message: expect.stringContaining('找不到文件夹') as string } });
    expect((await inbox.setFolder(dir)).ok).toBe(true);
    await inbox.rescan();
    await inbox.rescan(); // the second look sees the same size: finished
    const [file] = inbox.offer().files;
    const first = await inbox.attach({ fileId: file!.id, caseId: 'case-1', maxBytes: 10_000 }, store);
    expect(first).toEqual({ ok: true, value: { sha256: 'sha-of-scan.pdf-500' } });
    expect(inbox.offer().files).toEqual([]);
    expect(offers.at(-1)?.files).toEqual([]);
    const again = await inbox.attach({ fileId: file!.id, caseId: 'case-2', maxBytes: 10_000 }, store);
    expect(again).toEqual({ ok: false, error: { code: 'rejected', message: '文件 scan.pdf 已经附加过，同一文件不会重复附加' } });
    inbox.close();

    const reopened = openScannerInbox({ dataDir, onChange: () => undefined, pollMs: 3_600_000, stableMs: 0 });
    await reopened.rescan();
    await reopened.rescan();
    expect(reopened.offer().folder).toBe(dir);
    expect(reopened.offer().files).toEqual([]);
    expect(await reopened.attach({ fileId: file!.id, caseId: 'case-3', maxBytes: 10_000 }, store)).toMatchObject({ ok: false });
    reopened.close();
  });

  it('refuses a file that changed after it was offered (the scanner is writing it again)', async () => {
    const dataDir = tempDir();
    const dir = tempDir();
    writeFileSync(join(dir, 'scan.png'), Buffer.alloc(300, 1));
    const inbox = openScannerInbox({ dataDir, onChange: () => undefined, pollMs: 3_600_000, stableMs: 0 });
    await inbox.setFolder(dir);
    await inbox.rescan();
    await inbox.rescan(); // the second look sees the same size: finished
    const [file] = inbox.offer().files;
    appendFileSync(join(dir, 'scan.png'), Buffer.alloc(300, 2));
    let stored = 0;
    const r = await inbox.attach({ fileId: file!.id, caseId: 'c', maxBytes: 10_000 }, (f, b) => ((stored += 1), store(f, b)));
    expect(r).toEqual({ ok: false, error: { code: 'rejected', message: '文件 scan.png 仍在写入，请稍候再试' } });
    expect(stored).toBe(0);
    inbox.close();
  });
});

describe('the scans service with the scanner folder (real scan store, through the IPC contract)', () => {
  let host: ServiceHost | null = null;
  afterAll(() => host?.close());

  it('offers a new scan, attaches it with its page count, and refuses it the second time', async () => {
    const dataDir = tempDir();
    const dir = tempDir();
    mkdirSync(join(dataDir, 'scans'), { recursive: true });
    const scans = await createScanAdapter({ dataDir, officeUrl: 'http://127.0.0.1:1/', deviceToken: null, log: createLogger('test') });
    const h = createServiceHost({ dataDir, config: {}, officeUrl: 'http://127.0.0.1:1/', isDemo: false, deps: { scans } });
    host = h;
    const call = (channel: string, payload?: unknown) => dispatch(h.handlersFor('http'), channel, payload, { transport: 'http', isTrustedSender: true });
    const offered = new Promise<ScannerOffer>((resolve) => {
      const off = h.events.on('scans:scanner', (o) => {
        if (o.files.some((f) => f.name === 'contract.pdf')) {
          off();
          resolve(o);
        }
      });
    });
    expect(await call('scans:unlock', { keyBase64: randomBytes(32).toString('base64') })).toEqual({ ok: true, value: { done: true } });
    expect(await call('scans:setScannerFolder', { path: 'scans' })).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect(await call('scans:setScannerFolder', { path: dir })).toEqual({ ok: true, value: { folder: dir, files: [] } });
    const doc = await PDFDocument.create();
    for (let i = 0; i < 4; i++) doc.addPage([595, 842]);
    // Written under a temporary name and renamed when complete, as scanner software does.
    writeFileSync(join(dir, 'contract.pdf.part'), await doc.save());
    renameSync(join(dir, 'contract.pdf.part'), join(dir, 'contract.pdf'));
    const pdf = (await offered).files.find((f) => f.name === 'contract.pdf');
    const attached = await call('scans:attachScannerFile', { caseId: 'case-9', material: '不动产权属转移的材料', fileId: pdf!.id });
    expect(attached).toMatchObject({ ok: true, value: { name: 'contract.pdf', mime: 'application/pdf', pages: 4, caseId: 'case-9', material: '不动产权属转移的材料' } });
    expect(await call('scans:list', { caseId: 'case-9' })).toMatchObject({ ok: true, value: [{ sha256: (attached as { value: ScanMeta }).value.sha256 }] });
    expect(await call('scans:attachScannerFile', { caseId: 'case-9', material: 'x', fileId: pdf!.id })).toMatchObject({ ok: false, error: { code: 'rejected', message: expect.stringContaining('同一文件不会重复附加') as string } });
    const now = await call('scans:scanner');
    expect(now.ok && (now.value as ScannerOffer).files.map((f) => f.name).includes('contract.pdf')).toBe(false);
  }, 30_000);
});
