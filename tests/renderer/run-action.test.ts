import { describe, expect, it } from 'vitest';
import { runAction } from '#renderer/app/run-action.ts';
import { caughtText } from '#renderer/app/failure-log.ts';
import { ClockBehindError } from '#renderer/db/clock-guard.ts';

/** Runs an action and records what the screen would show (the busy flags in order, the failure text) and what went to the log. */
async function shown(action: () => Promise<void>) {
  const busy: boolean[] = [];
  const failed: string[] = [];
  const logged: unknown[] = [];
  await runAction(action, { busy: (b) => busy.push(b), failed: (t) => failed.push(t), log: (e) => {
    logged.push(e);
    return 'K7Q3-M9XA';
  } });
  return { busy, failed, logged };
}

const SAID = '刚才的操作没有完成：之前保存的记录都在，没有丢失，再试一次也不会重复记录。请重试；仍不成功请联系办公室技术支持，告知错误代码 K7Q3-M9XA。';

describe('a screen action that throws instead of answering', () => {
  it('says in Chinese that it did not finish, that nothing is lost and what to do, with a code; the cause goes to the log', async () => {
    const cause = new Error('case event c-1:correction:r-1: write refused (500)');
    const { busy, failed, logged } = await shown(async () => {
      await Promise.resolve();
      throw cause;
    });
    expect(failed).toEqual([SAID]);
    expect(logged).toEqual([cause]);
    expect(busy).toEqual([true, false]);
  });

  it('shows none of what IndexedDB throws when the disk is full', async () => {
    const { failed, logged } = await shown(() => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')));
    expect(failed).toEqual([SAID]);
    expect(failed[0]).not.toMatch(/[A-Za-z]{3,}/);
    expect((logged[0] as DOMException).name).toBe('QuotaExceededError');
  });

  it('shows the clock guard\'s refusal as it is, which says what to do (set the laptop\'s clock), and logs nothing', async () => {
    const behind = new ClockBehindError('本机时间（2026-12-05 09:30）早于本机已保存记录的时间（2026-12-06 09:30），为免资料无法同步，暂不能保存。请先把电脑时间校准为北京时间，再重试。');
    const { busy, failed, logged } = await shown(() => Promise.reject(behind));
    expect(failed).toEqual([behind.message]);
    expect(logged).toEqual([]);
    expect(busy).toEqual([true, false]);
  });

  it('says nothing more when the action ends by itself, and is busy only while it runs', async () => {
    let during: boolean[] = [];
    const busy: boolean[] = [];
    await runAction(async () => {
      during = [...busy];
      await Promise.resolve();
    }, { busy: (b) => busy.push(b), failed: () => { throw new Error('not expected'); }, log: () => { throw new Error('not expected'); } });
    expect(during).toEqual([true]);
    expect(busy).toEqual([true, false]);
  });
});

describe('a failure a screen caught, in words for staff', () => {
  const log = (logged: unknown[]) => (e: unknown) => (logged.push(e), 'K7Q3-M9XA');

  it('is said by its code, the cause going to the log', () => {
    const logged: unknown[] = [];
    const cause = new Error('cases: 1 document(s) refused (c-1 500)');
    expect(caughtText(cause, log(logged), (code) => `未完成，错误代码 ${code}`)).toBe('未完成，错误代码 K7Q3-M9XA');
    expect(logged).toEqual([cause]);
  });

  it('keeps the clock guard\'s refusal as it is: staff act on it by setting the clock, nothing is logged', () => {
    const logged: unknown[] = [];
    const behind = new ClockBehindError('本机时间（2026-12-05 09:30）早于本机已保存记录的时间（2026-12-06 09:30），为免资料无法同步，暂不能保存。请先把电脑时间校准为北京时间，再重试。');
    expect(caughtText(behind, log(logged), () => 'x')).toBe(behind.message);
    expect(logged).toEqual([]);
  });
});
