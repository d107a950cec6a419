import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { firstBusyPort, isAddressInUse, portInUseMessage, useOfError } from '../../scripts/ports.ts';
import { startLocalOffice } from '../../scripts/local-office.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const server = createServer();
const taken = await new Promise<number>((done) => server.listen(0, '127.0.0.1', () => done((server.address() as { port: number }).port)));
const dataDir = tempFolderForTests('ports');
afterAll(async () => {
  await new Promise((done) => server.close(done));
});

describe('the ports npm start listens on', () => {
  it('finds the first taken port among those asked for; port 0 (any free port) is never taken', async () => {
    const office = { port: taken, flag: '--office-port' as const, what: '本机办公室 / the local office' };
    expect(await firstBusyPort([{ port: 0, flag: '--port', what: 'app' }, office])).toEqual(office);
    expect(await firstBusyPort([{ port: 0, flag: '--port', what: 'app' }])).toBeNull();
  });

  it('names the port, what it was for and the option that moves it, in Chinese and in English', () => {
    const text = portInUseMessage({ port: 8620, flag: '--office-port', what: '本机办公室 / the local office' });
    expect(text.split('\n')).toEqual([
      '端口 8620（本机办公室 / the local office）已被占用：可能已有一个便民服务直通车在运行，请先关闭它；或用 --office-port 换一个端口。',
      'Port 8620 (本机办公室 / the local office) is already in use: another copy may be running (close it first), or choose another port with --office-port N.',
    ]);
  });

  it('a local office on a taken port fails with the address-in-use error, which names its use by the port', async () => {
    const failed = await startLocalOffice({ dataDir: dataDir(), port: taken, seed: null }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isAddressInUse(failed)).toBe(true);
    const office = { port: taken, flag: '--office-port' as const, what: 'office' };
    expect(useOfError(failed as NodeJS.ErrnoException & { port?: number }, [{ port: 1, flag: '--port', what: 'app' }, office])).toEqual(office);
  }, 120_000);
});
