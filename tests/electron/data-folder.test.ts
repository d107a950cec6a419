import { chmodSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveStoredConfig } from '#electron/config.ts';
import { createServiceHost } from '#electron/services/host.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const root = tempFolderForTests('van-modes');
const mode = (path: string) => statSync(path).mode & 0o777;

describe('the van’s data folder is private to the user running the app', () => {
  it('mends a folder left world-readable (the device token and the scans) when the host starts', async () => {
    const dataDir = join(root(), 'old');
    mkdirSync(join(dataDir, 'scans', 'ab'), { recursive: true });
    writeFileSync(join(dataDir, 'van-config.json'), JSON.stringify({ deviceId: 'dev-1', deviceToken: 'secret-token' }));
    writeFileSync(join(dataDir, 'scans', 'ab', 'abcdef'), 'ID card scan');
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'scans'), 0o755);
    chmodSync(join(dataDir, 'scans', 'ab'), 0o775);
    chmodSync(join(dataDir, 'van-config.json'), 0o644);
    chmodSync(join(dataDir, 'scans', 'ab', 'abcdef'), 0o664);
    // A link out of the folder is not followed: what it points at is not ours to change.
    const outside = join(root(), 'outside.txt');
    writeFileSync(outside, 'x');
    chmodSync(outside, 0o644);
    symlinkSync(outside, join(dataDir, 'link'));

    const host = createServiceHost({ dataDir, config: {}, officeUrl: 'http://127.0.0.1:9/', isDemo: false, deps: {} });
    await host.close();
    for (const dir of [dataDir, join(dataDir, 'scans'), join(dataDir, 'scans', 'ab')]) expect(mode(dir), dir).toBe(0o700);
    for (const file of [join(dataDir, 'van-config.json'), join(dataDir, 'scans', 'ab', 'abcdef')]) expect(mode(file), file).toBe(0o600);
    expect(mode(outside)).toBe(0o644);
  });

  it('writes the config holding the device token as 0600 whatever the umask', () => {
    const dataDir = join(root(), 'fresh');
    const before = process.umask(0o022);
    try {
      saveStoredConfig(dataDir, { deviceId: 'dev-2', deviceToken: 'token-2' });
    } finally {
      process.umask(before);
    }
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'van-config.json'))).toBe(0o600);
  });
});
