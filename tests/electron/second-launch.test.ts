import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, fakeElectron } from './fake-electron.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

// Launched while another van app holds the lock (a second double click on a slow laptop).
const fake = fakeElectron({ firstInstance: false });
vi.mock('electron', () => fake.module);

const dataDir = tempFolderForTests('van-second');

describe('a second launch of the van app', () => {
  beforeAll(async () => {
    process.env['VAN_DATA_DIR'] = dataDir();
    process.env['VAN_OFFICE_URL'] = 'http://127.0.0.1:9/';
    await import('#electron/main.ts');
  });
  afterAll(() => {
    delete process.env['VAN_DATA_DIR'];
    delete process.env['VAN_OFFICE_URL'];
  });

  it('exits without a window, a handler, a service or a file of its own', () => {
    expect(fake.module.app.exit).toHaveBeenCalledWith(0);
    expect(FakeBrowserWindow.created).toEqual([]);
    expect(fake.handlers.size).toBe(0);
    expect(fake.module.protocol.handle).not.toHaveBeenCalled();
    expect(fake.appListeners.has('second-instance')).toBe(false);
    expect(readdirSync(dataDir())).toEqual([]);
  });
});
