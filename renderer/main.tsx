/**
 * Renderer entry: asks the main side for its settings, opens the local store, starts syncing
 * with the office (through the host's same-origin `/office/` proxy) and shows the app.
 */
import { createRoot } from 'react-dom/client';
import { officeBaseUrl, redeemLaunchCode, van } from '#renderer/ipc/client.ts';
import { createOfficeFetch } from '#renderer/ipc/office-fetch.ts';
import { openVanDatabase } from '#renderer/db/database.ts';
import { holdStore } from '#renderer/db/store-holder.ts';
import { createKeyring } from '#renderer/db/keyring.ts';
import { followOfficeContact } from '#renderer/db/office-contact.ts';
import { startSync } from '#renderer/db/sync-controller.ts';
import { OfficeClient } from '#renderer/db/office-client.ts';
import { wipeOnOrder } from '#renderer/db/remote-wipe.ts';
import { migrateFeeRecords } from '#renderer/db/charges.ts';
import { App } from '#renderer/app/App.tsx';
import { retryWhenOnline } from '#renderer/app/retry-now.ts';
import { openScanFiles } from '#renderer/app/scan-files.ts';
import { T } from '#renderer/app/app-text.ts';
import { startFailureText } from '#renderer/app/start-failure.ts';

async function boot(root: HTMLElement) {
  const reactRoot = createRoot(root);
  reactRoot.render(<p className="main">{T.starting}</p>);
  await redeemLaunchCode();
  const api = van();
  const config = await api.configGet();
  if (!config.ok) {
    reactRoot.render(<div className="alert bad">{T.startFailed}{config.error.message}</div>);
    return;
  }
  const storeName = `van-${config.value.deviceId}`;
  // Only this page writes the store while it is open; another window on it says so and waits (store-holder.ts).
  await holdStore(storeName, () => reactRoot.render(<div className="alert warn" role="alert" data-testid="store-elsewhere">{T.openElsewhere}</div>));
  reactRoot.render(<p className="main">{T.starting}</p>);
  // Applicants' personal data is stored encrypted; the key opens at the first staff login (renderer/db/vault.ts).
  const keyring = createKeyring();
  const db = await openVanDatabase({ name: storeName, encryptionKey: () => keyring.get() });
  // Clerks of this van's trips whose van key arrives with the staff list get a slot while the key is open.
  keyring.watchStaff(db);
  // As soon as a login opens the store, once: a receipt an older version wrote whose fee event a crash lost gets
  // it back (a charge is one write since, docs/receipt-numbers.md). The van's own documents cannot be read, so
  // not pushed either, before that moment.
  // The same moment opens the scan files on the main side and lets the scans of saved cases go to the office.
  const repaired = keyring.get().then((key) => Promise.all([migrateFeeRecords(db, config.value.deviceId), openScanFiles(db, api, key)]));
  repaired.catch(async (error: unknown) => {
    root.textContent = await startFailureText(api, error);
  });
  const officeFetch = createOfficeFetch(new URL('/office-mux', window.location.href).href);
  const deviceToken = config.value.deviceToken;
  const sync = deviceToken
    ? startSync(db, {
        officeUrl: officeBaseUrl(),
        deviceToken,
        deviceId: config.value.deviceId,
        fetch: officeFetch,
        // Staff wait at the van for the link to come back: retry at least every 15 s, not every minute.
        retryMaxMs: 15_000,
      })
    : null;
  if (sync) followOfficeContact(db, sync.state$);
  // The laptop is back on a network (Wi-Fi in range again): try the office now, not after the backoff.
  if (sync) retryWhenOnline(window, sync, api);
  // Not enrolled yet (the office was unreachable at start): the main side keeps trying; once it holds a token the
  // app starts again with it, on this device's own store.
  else waitForEnrollment(api);
  // A lost laptop: at the office's wipe order the van pushes what it holds, then erases itself (remote-wipe.ts).
  const wipe$ = sync
    ? wipeOnOrder(db, sync, {
        client: new OfficeClient({ officeUrl: officeBaseUrl(), deviceToken, fetch: officeFetch }),
        keyOpen: () => keyring.current() !== null,
        eraseDevice: async () => {
          const erased = await api.deviceWipe();
          if (!erased.ok) throw new Error(erased.error.message);
        },
      })
    : null;
  reactRoot.render(<App db={db} van={api} config={config.value} sync={sync} keyring={keyring} wipe$={wipe$} />);
}

const root = document.getElementById('root');
if (root) {
  boot(root).catch(async (error: unknown) => {
    // The cause goes to the van's log if the main side answers; the screen says what to do, never the cause's English.
    root.textContent = await startFailureText(mainSide(), error);
  });
}

/** The main side's API, if the page can make one at all. */
function mainSide(): ReturnType<typeof van> | null {
  try {
    return van();
  } catch {
    return null;
  }
}

function waitForEnrollment(api: ReturnType<typeof van>): void {
  const timer = setInterval(() => {
    void api.configGet().then((c) => {
      if (c.ok && c.value.deviceToken) {
        clearInterval(timer);
        window.location.reload();
      }
    });
  }, 3_000);
}
