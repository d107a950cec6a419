import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Handlers, ServiceError, dispatch } from '#electron/ipc/handle.ts';
import { startHttpBridge, type RunningBridge } from '#electron/ipc/http-bridge.ts';
import { createEventBus, createServiceHost } from '#electron/services/host.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

/**
 * Whatever a main-side service does, the renderer gets a result, never an exception: a thrown error, a rejection, a
 * non-Error thrown and an answer outside the contract all come back as `{ ok: false, error }`, over the HTTP bridge too.
 */
const dataDir = tempFolderForTests('van-ipc-results');
const TOKEN = 'launch-token-ipc-results-01';

type Outcome = 'throws' | 'rejects' | 'throws a string' | 'finds the disk full' | 'is denied the data folder' | 'refuses (ServiceError)' | 'answers outside the contract' | 'answers';
let outcome: Outcome = 'answers';
let handlers: Handlers;
let bridge: RunningBridge;
let closeHost: () => Promise<void>;

beforeAll(async () => {
  const host = createServiceHost({ dataDir: dataDir(), config: {}, officeUrl: 'http://127.0.0.1:9/', isDemo: false, deps: {} });
  closeHost = () => host.close();
  const real = host.handlersFor('http');
  handlers = {
    ...real,
    // A service that fails in each way a service can.
    'devices:list': () => {
      switch (outcome) {
        case 'throws':
          throw new Error('port table corrupt');
        case 'rejects':
          return Promise.reject(new TypeError('cannot read properties of undefined'));
        case 'throws a string':
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- what a careless dependency may do
          throw 'bare string';
        case 'finds the disk full':
          return Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' }));
        case 'is denied the data folder':
          return Promise.reject(Object.assign(new Error("EACCES: permission denied, open '/data/x'"), { code: 'EACCES', errno: -13, syscall: 'open' }));
        case 'refuses (ServiceError)':
          return Promise.reject(new ServiceError('unavailable', '串口列表暂时无法读取'));
        case 'answers outside the contract':
          return Promise.resolve([{ path: 42 }] as never);
        case 'answers':
          return Promise.resolve([{ path: '/dev/ttyUSB0', isEmulator: false }]);
      }
    },
  };
  bridge = await startHttpBridge({ root: dataDir(), handlers, events: createEventBus(), token: TOKEN, officeUrl: 'http://127.0.0.1:9/' }, { port: 0 });
});
afterAll(async () => {
  await bridge?.close();
  await closeHost?.();
});

const direct = () => dispatch(handlers, 'devices:list', undefined, { transport: 'http', isTrustedSender: true });
const overHttp = async () => {
  const res = await fetch(`${bridge.url}ipc/devices:list`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-van-token': TOKEN }, body: '{}' });
  return { status: res.status, body: (await res.json()) as unknown };
};

const UNFORESEEN = '内部错误：操作未完成，详细原因已记入本机日志。请重试；仍不成功请联系信息技术人员';

describe('a main-side call answers with a result, never an exception', () => {
  // Staff read the message: never the error's own English, which goes to the log with its stack.
  it.each<[Outcome, unknown]>([
    ['throws', { ok: false, error: { code: 'internal', message: UNFORESEEN } }],
    ['rejects', { ok: false, error: { code: 'internal', message: UNFORESEEN } }],
    ['throws a string', { ok: false, error: { code: 'internal', message: UNFORESEEN } }],
    ['finds the disk full', { ok: false, error: { code: 'internal', message: '内部错误：本机磁盘空间已满：请删除不需要的文件后重试（ENOSPC）' } }],
    ['is denied the data folder', { ok: false, error: { code: 'internal', message: '内部错误：没有读写本机数据的权限：请联系信息技术人员（EACCES）' } }],
    ['refuses (ServiceError)', { ok: false, error: { code: 'unavailable', message: '串口列表暂时无法读取' } }],
    ['answers outside the contract', { ok: false, error: { code: 'internal', message: '内部错误：服务返回的数据不符合约定' } }],
    ['answers', { ok: true, value: [{ path: '/dev/ttyUSB0', isEmulator: false }] }],
  ])('a service that %s', async (how, expected) => {
    outcome = how;
    await expect(direct()).resolves.toEqual(expected);
    expect(await overHttp()).toEqual({ status: 200, body: expected });
  });

  it('logs what it does not show: the message of the error, its code and its stack', async () => {
    const logged: object[] = [];
    const log = { warn: () => undefined, error: (obj: object) => void logged.push(obj) };
    outcome = 'finds the disk full';
    await dispatch(handlers, 'devices:list', undefined, { transport: 'http', isTrustedSender: true }, log);
    expect(logged).toMatchObject([{ channel: 'devices:list', err: { message: 'ENOSPC: no space left on device, write', code: 'ENOSPC' } }]);
    expect(JSON.stringify(logged)).toContain('"stack":"Error: ENOSPC');
  });
});
