import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '#electron/ipc/handle.ts';
import { createServiceHost } from '#electron/services/host.ts';
import { createScanAdapter } from '#electron/services/scan-adapter.ts';
import { createLogger } from '#electron/services/log.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const dataDir = tempFolderForTests('van-scan-discard');

const png = (seed: number) => Buffer.from([137, 80, 78, 71, 13, 10, 26, 10, seed]);

describe('scans of a discarded intake (scans:discardCase, through the IPC contract)', () => {
  it('removes the files only that case refers to, keeps a file another case shares, and is harmless twice', async () => {
    const scans = await createScanAdapter({ dataDir: dataDir(), officeUrl: 'http://127.0.0.1:1/', deviceToken: null, log: createLogger('test') });
    const host = createServiceHost({ dataDir: dataDir(), config: {}, officeUrl: 'http://127.0.0.1:1/', isDemo: false, deps: { scans } });
    try {
      const call = (channel: string, payload?: unknown) => dispatch(host.handlersFor('http'), channel, payload, { transport: 'http', isTrustedSender: true });
      await call('scans:unlock', { keyBase64: randomBytes(32).toString('base64') });
      // The bytes come by id, as the host router's `/scans/incoming` hands them over.
      const file = (name: string, seed: number) => ({ name, mime: 'image/png', stagedId: host.scanFiles!.stage(png(seed)) });
      const own = await call('scans:import', { caseId: 'draft-1', material: '申请书', files: [file('a.png', 1), file('b.png', 2)] });
      const shared = await call('scans:import', { caseId: 'case-2', material: '申请书', files: [file('b.png', 2)] });
      if (!own.ok || !shared.ok) throw new Error('import failed');
      const [a, b] = own.value as [{ sha256: string }, { sha256: string }];
      const onDisk = (sha: string) => join(dataDir(), 'scans', sha.slice(0, 2), sha);

      expect(await call('scans:discardCase', { caseId: 'draft-1' })).toEqual({ ok: true, value: { removed: 1 } });
      expect(existsSync(onDisk(a.sha256))).toBe(false);
      expect(existsSync(onDisk(b.sha256))).toBe(true);
      expect(await call('scans:list', { caseId: 'draft-1' })).toEqual({ ok: true, value: [] });
      expect(await call('scans:list', { caseId: 'case-2' })).toMatchObject({ ok: true, value: [{ sha256: b.sha256 }] });
      expect(await call('scans:discardCase', { caseId: 'draft-1' })).toEqual({ ok: true, value: { removed: 0 } });
    } finally {
      await host.close();
    }
  });
});
