import { Subject } from 'rxjs';
import { type Backoff } from './backoff.ts';
import { type OfficeClient, officeErrorOf } from './office-client.ts';
import { forEachSseMessage } from './sse-messages.ts';

/**
 * Listens to `GET /sync/<collection>/stream` with fetch (EventSource cannot send the device token header,
 * and Node has none). Every message and every (re)connect yields 'RESYNC': the replication then pulls
 * from its checkpoint, so nothing missed while disconnected is lost (RxDB replication protocol: RESYNC on reconnect).
 */
export function openResyncStream(
  client: OfficeClient,
  collection: string,
  backoff: Backoff,
  signal: AbortSignal,
  onLink: (up: boolean, error?: unknown) => void = () => undefined,
): Subject<'RESYNC'> {
  const out = new Subject<'RESYNC'>();
  const run = async () => {
    while (!signal.aborted) {
      try {
        const res = await client.rawFetch(`/sync/${collection}/stream`, { headers: client.headers(), signal });
        // The office's refusal of the stream read as any other request's, so a revoked device reads as revoked.
        if (!res.ok || !res.body) throw officeErrorOf(res.status, await res.json().catch(() => null));
        // The office's first message (it sends RESYNC on every connect) is what shows it answered: in the
        // browser the host's stream mux answers 200 at once and fails later (renderer/ipc/office-fetch.ts).
        let answered = false;
        await forEachSseMessage(res.body, (message) => {
          if (!answered) {
            answered = true;
            backoff.reset();
            onLink(true);
          }
          if (message.split('\n').some((line) => line.startsWith('data:'))) out.next('RESYNC');
        });
        throw new Error('stream ended');
      } catch (error) {
        // Unreachable office or dropped stream: say so, wait and reconnect.
        if (!signal.aborted) {
          backoff.fail();
          onLink(false, error);
        }
      }
      if (signal.aborted) break;
      await backoff.sleep(signal);
    }
    out.complete();
  };
  void run();
  return out;
}
