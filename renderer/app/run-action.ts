import { useRef, useState } from 'react';
import { T } from './app-text.ts';
import { caughtText, logFailure } from './failure-log.ts';
import { useServices } from './services.ts';

/**
 * What a screen says when an action threw instead of answering: in Chinese, that it did not finish, that nothing
 * saved is lost and what to do, with the code under which the cause (English, for support) is in the van's log.
 */
export const actionFailedText = (code: string): string => T.actionFailed(code);

/**
 * Runs one action of a screen so that it always ends. A refusal by the rules comes back as a result and the screen
 * says it; this is for what throws instead (a write the local store refused, a full disk, a bug). Without it the
 * button would stay disabled with nothing said, and the clerk could not tell whether anything was written. Every
 * action run this way records with a fixed id or through an IPC call that answers with a result, so 重试 after
 * this message doubles nothing. The clock guard's refusal is shown as it is: its Chinese says what to do (set the
 * laptop's clock), which a support code would hide.
 */
export async function runAction(
  action: () => Promise<void>, on: { busy: (busy: boolean) => void; failed: (text: string) => void; log: (error: unknown) => string },
): Promise<void> {
  on.busy(true);
  try {
    await action();
  } catch (error) {
    on.failed(caughtText(error, on.log, actionFailedText));
  } finally {
    on.busy(false);
  }
}

/**
 * `runAction` for a component: `busy` while its action runs, and a second tap while it runs does nothing (the
 * button's `disabled` only follows after React renders again).
 */
export function useAction(failed: (text: string) => void, where = 'screen action'): { busy: boolean; run: (action: () => Promise<void>) => void } {
  const { van } = useServices();
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const run = (action: () => Promise<void>) => {
    if (running.current) return;
    running.current = true;
    void runAction(action, {
      busy: (b) => {
        running.current = b;
        setBusy(b);
      },
      failed,
      log: (error) => logFailure(van, where, error),
    });
  };
  return { busy, run };
}
