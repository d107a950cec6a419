import { describe, expect, it } from 'vitest';
import { type IpcResult } from '#electron/ipc/contract.ts';
import { startFailureText } from '#renderer/app/start-failure.ts';

type Report = { code: string; where: string; name: string; message: string; stack?: string };

/** A main side whose log answers as told, recording what the page sent it. */
function mainSide(answer: (report: Report) => Promise<IpcResult<{ done: true }>>) {
  const reports: Report[] = [];
  return { reports, api: { logPageFailure: (report: Report) => (reports.push(report), answer(report)) } };
}

const WHAT_TO_DO = '服务车程序没有启动成功，本机已保存的数据不受影响。请关闭程序后重新打开；仍不成功请重启电脑后再试，再不行请联系办公室技术支持';
const cause = new Error('DXE1: A data-key was not found (IndexedDB open failed)');

describe('the app that did not start', () => {
  it('says in Chinese what to do, with the code under which the van\'s log took the cause', async () => {
    const { reports, api } = mainSide(() => Promise.resolve({ ok: true, value: { done: true } }));
    const text = await startFailureText(api, cause);
    expect(reports).toEqual([expect.objectContaining({ where: 'app start', name: 'Error', message: cause.message })]);
    expect(text).toBe(`${WHAT_TO_DO}，告知错误代码 ${reports[0]!.code}。`);
  });

  it('gives no code when the main side is gone, refuses the report or does not answer: none of its English either', async () => {
    const gone = mainSide(() => Promise.resolve({ ok: false, error: { code: 'unavailable', message: '与主程序的连接中断' } }));
    expect(await startFailureText(gone.api, cause)).toBe(`${WHAT_TO_DO}。`);
    const silent = mainSide(() => new Promise(() => undefined));
    expect(await startFailureText(silent.api, cause, 20)).toBe(`${WHAT_TO_DO}。`);
    const throwing = mainSide(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await startFailureText(throwing.api, 'not an Error')).toBe(`${WHAT_TO_DO}。`);
    expect(await startFailureText(null, cause)).toBe(`${WHAT_TO_DO}。`);
  });
});
