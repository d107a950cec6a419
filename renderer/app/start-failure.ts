/**
 * What the page says when the app did not start (the store did not open, a module failed to load): never the
 * error's own words, which are English and for support. The main side may be gone too, so the code to read out is
 * shown only once the van's log has taken the cause under it; otherwise the text says what to do without one.
 */
import { type VanApi } from '#electron/ipc/contract.ts';
import { T } from './app-text.ts';
import { detailsOf, newFailureCode } from './failure-log.ts';

/** How long the page waits for the log to answer before it says its piece without a code. */
const LOG_WAIT_MS = 3000;

export async function startFailureText(api: Pick<VanApi, 'logPageFailure'> | null, error: unknown, waitMs = LOG_WAIT_MS): Promise<string> {
  if (!api) return T.startFailedCaught(null);
  const code = newFailureCode();
  const logged = (async () => {
    try {
      return (await api.logPageFailure({ code, where: 'app start', ...detailsOf(error) })).ok;
    } catch {
      return false;
    }
  })();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)));
  const ok = await Promise.race([logged, late]);
  clearTimeout(timer);
  return T.startFailedCaught(ok ? code : null);
}
