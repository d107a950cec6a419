import { describe, expect, it } from 'vitest';
import { runAction } from '#renderer/app/run-action.ts';

/** Runs an action and records what the screen would show: the busy flags in order and the failure text. */
async function shown(action: () => Promise<void>) {
  const busy: boolean[] = [];
  const failed: string[] = [];
  await runAction(action, { busy: (b) => busy.push(b), failed: (t) => failed.push(t) });
  return { busy, failed };
}

describe('a screen action that throws instead of answering', () => {
  it('says so in Chinese with the cause, and gives the button back', async () => {
    const { busy, failed } = await shown(async () => {
      await Promise.resolve();
      throw new Error('case event c-1:correction:r-1: write refused (500)');
    });
    expect(failed).toEqual(['操作未完成，请重试：case event c-1:correction:r-1: write refused (500)']);
    expect(busy).toEqual([true, false]);
  });

  it('says what IndexedDB throws when the disk is full', async () => {
    const { failed } = await shown(() => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')));
    expect(failed).toEqual(['操作未完成，请重试：The quota has been exceeded.']);
  });

  it('says nothing more when the action ends by itself, and is busy only while it runs', async () => {
    let during: boolean[] = [];
    const busy: boolean[] = [];
    await runAction(async () => {
      during = [...busy];
      await Promise.resolve();
    }, { busy: (b) => busy.push(b), failed: () => { throw new Error('not expected'); } });
    expect(during).toEqual([true]);
    expect(busy).toEqual([true, false]);
  });
});
