import { Subject } from 'rxjs';
import { type Backoff } from './backoff.ts';
import { type OfficeClient } from './office-client.ts';
import { forEachSseMessage } from './sse-messages.ts';

/**
 * Listens to `GET /sync/<collection>/stream` with fetch (EventSource cannot send the device token header,
 * and Node has none). Every message and every (re)connect yields 'RESYNC': the replication then pulls
 * from its checkpoint, so nothing missed while disconnected is lost (reference/rxdb.md §4.2).
 */
export function openResyncStream(client: OfficeClient, collection: string, backoff: Backoff, signal: AbortSignal): Subject<'RESYNC'> {
  const out = new Subject<'RESYNC'>();
  const run = async () => {
    while (!signal.aborted) {
      try {
        const res = await client.rawFetch(`/sync/${collection}/stream`, { headers: client.headers(), signal });
        if (!res.ok || !res.body) throw new Error(`stream HTTP ${res.status}`);
        await forEachSseMessage(res.body, (message) => {
          if (message.split('\n').some((line) => line.startsWith('data:'))) out.next('RESYNC');
        });
      } catch {
        // unreachable office or dropped stream: wait and reconnect
      }
      if (signal.aborted) break;
      await backoff.sleep(signal);
    }
    out.complete();
  };
  void run();
  return out;
}
