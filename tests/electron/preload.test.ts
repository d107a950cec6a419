import { beforeAll, describe, expect, it, vi } from 'vitest';
import { channelNames, eventNames, methodName } from '#electron/ipc/contract.ts';
import { fakeElectron } from './fake-electron.ts';

const fake = fakeElectron();
vi.mock('electron', () => fake.module);

describe('the preload', () => {
  let api: Record<string, unknown>;
  beforeAll(async () => {
    await import('#electron/preload.ts');
    api = fake.exposed.get('van') as Record<string, unknown>;
  });

  it('exposes only window.van', () => {
    expect([...fake.exposed.keys()]).toEqual(['van']);
  });

  it('exposes exactly one method per contract channel, plus subscribe, and nothing else', () => {
    const expected = [...channelNames.map(methodName), 'subscribe'].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    for (const key of Object.keys(api)) expect(typeof api[key]).toBe('function');
    expect(api).not.toHaveProperty('send');
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('ipcRenderer');
  });

  it('is frozen', () => {
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('routes a method to its own channel through ipcRenderer.invoke', async () => {
    const read = api['idReaderRead'] as (req: unknown) => Promise<unknown>;
    await expect(read({ timeoutMs: 5000 })).resolves.toEqual({ ok: true, value: { channel: 'idReader:read', payload: { timeoutMs: 5000 } } });
    expect(fake.module.ipcRenderer.sendSync).not.toHaveBeenCalled();
    expect(fake.module.ipcRenderer.send).not.toHaveBeenCalled();
  });

  it('turns a broken transport into an error value instead of throwing into the page', async () => {
    fake.module.ipcRenderer.invoke.mockRejectedValueOnce(new Error("Error invoking remote method 'printer:status': Error: gone"));
    const status = api['printerStatus'] as () => Promise<unknown>;
    // In Chinese, without Electron's English.
    await expect(status()).resolves.toEqual({ ok: false, error: { code: 'unavailable', message: '与主程序的连接中断：请重试；仍不成功请关闭本程序后重新打开' } });
  });

  it('subscribes to contract events only and hands the listener the payload, not the IPC event', () => {
    const subscribe = api['subscribe'] as (event: string, l: (p: unknown) => void) => () => void;
    const got: unknown[] = [];
    const off = subscribe(eventNames[0]!, (p) => got.push(p));
    const ipcEvent = { sender: 'ipcRenderer-itself' };
    for (const l of fake.rendererListeners.get(eventNames[0]!) ?? []) l(ipcEvent, { hello: 1 });
    expect(got).toEqual([{ hello: 1 }]);
    off();
    expect(fake.rendererListeners.get(eventNames[0]!)).toEqual([]);
    expect(() => subscribe('shell:exec', () => undefined)).toThrow(/unknown event/);
  });
});
