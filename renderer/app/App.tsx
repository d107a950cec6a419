import { useMemo, useState } from 'react';
import { caseIdFor } from '#domain/case/case-id.ts';
import { type VanApi, type VanConfig } from '#electron/ipc/contract.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { type StaffLogin } from '#renderer/db/offline-login.ts';
import { type Keyring } from '#renderer/db/keyring.ts';
import { offlineLockOf } from '#renderer/db/office-contact.ts';
import { type SyncController, type SyncState } from '#renderer/db/sync-controller.ts';
import { type WipeProgress } from '#renderer/db/remote-wipe.ts';
import { WipeScreen } from '#renderer/screens/wipe/WipeScreen.tsx';
import { type Observable } from 'rxjs';
import { LoginScreen } from '#renderer/screens/login/LoginScreen.tsx';
import { TripScreen } from '#renderer/screens/trip/TripScreen.tsx';
import { DevicesScreen } from '#renderer/screens/devices/DevicesScreen.tsx';
import { SyncScreen } from '#renderer/screens/sync/SyncScreen.tsx';
import { CasesScreen } from '#renderer/screens/cases/CasesScreen.tsx';
import { IntakeFlow } from '#renderer/screens/intake/IntakeFlow.tsx';
import { BatchIntake } from '#renderer/screens/intake/BatchIntake.tsx';
import { DraftBanner, DraftChoice } from '#renderer/screens/intake/DraftPrompt.tsx';
import { useIntakeStart } from '#renderer/screens/intake/use-intake-start.ts';
import { T } from './app-text.ts';
import { type AppServices, ServicesContext } from './services.ts';
import { idleLockMs, useIdleLock } from './use-idle-lock.ts';
import { useObservable } from './use-observable.ts';

type Screen = 'trip' | 'intake' | 'batch' | 'cases' | 'sync' | 'devices';
const SCREENS: Screen[] = ['trip', 'intake', 'batch', 'cases', 'sync', 'devices'];

type Props = {
  db: VanDatabase; van: VanApi; config: VanConfig; sync: SyncController | null; keyring?: Keyring;
  /** The office's wipe order running (renderer/db/remote-wipe.ts); it replaces every screen. */
  wipe$?: Observable<WipeProgress | null> | null;
};

function SyncBadge({ sync }: { sync: SyncController | null }) {
  const state$ = useMemo(() => sync?.state$ ?? null, [sync]);
  const state = useObservable<SyncState | null>(state$, sync?.state() ?? null);
  if (!state) return <span className="tag bad" data-testid="online-badge" data-status="not-enrolled">{T.offline}</span>;
  const tone = state.status === 'in-sync' ? 'ok' : state.status === 'syncing' || state.status === 'connecting' ? 'warn' : 'bad';
  return (
    <span className={`tag ${tone}`} data-testid="online-badge" data-status={state.status}>
      {T.badge[state.status]}
    </span>
  );
}

export function App({ db, van, config, sync, keyring, wipe$ = null }: Props) {
  const wipe = useObservable<WipeProgress | null>(wipe$, null);
  const [staff, setStaff] = useState<StaffLogin | null>(null);
  const [screen, setScreen] = useState<Screen>('trip');
  const idleMs = useMemo(() => idleLockMs(config.transport, window.location.search), [config.transport]);
  const [locked, setLocked] = useIdleLock(idleMs, staff !== null);
  // The intake in progress is kept on the van (draft-store.ts): it survives a reload, a crash and the lock.
  const intakes = useIntakeStart(db, staff !== null, () => setScreen('intake'));

  const services: AppServices | null = useMemo(
    () => (staff ? { db, van, config, sync, staff, now: () => new Date(), newId: () => crypto.randomUUID(), newCaseId: () => caseIdFor(config.deviceId, crypto.randomUUID()) } : null),
    [db, van, config, sync, staff],
  );

  const login = (
    <main className="main">
      <LoginScreen
        db={db}
        lockedFor={locked ? staff : null}
        {...(keyring ? { openData: (staffId: string, password: string) => keyring.unlock(db, staffId, password) } : {})}
        offlineLock={() => offlineLockOf(db, new Date(), config.offlineLockDays)}
        enrolled={sync !== null}
        onLogin={(s) => {
          // Unlocking (only the same person may) keeps the screen and the intake in progress as they were.
          if (staff?.id !== s.id) setStaff(s);
          setLocked(false);
        }}
        onSwitchUser={() => {
          // Someone else takes over: the intake in progress stays kept on the van, offered to resume or discard.
          setStaff(null);
          setScreen('trip');
          setLocked(false);
        }}
      />
    </main>
  );
  // Under a wipe order no work goes on: only a login, when the encrypted store must be opened to push it.
  if (wipe && !(wipe.phase === 'waiting-login' && !staff)) return <WipeScreen progress={wipe} />;
  if (wipe) return <><WipeScreen progress={wipe} />{login}</>;
  if (!services) return login;

  const go = (s: Screen) => (s === 'intake' ? void intakes.start(null) : setScreen(s));

  return (
    <ServicesContext.Provider value={services}>
      {locked && login}
      {/* Locked: the shell stays mounted (hidden and inert) so the draft in progress survives the lock. */}
      <div className="shell" hidden={locked} inert={locked}>
        <header className="topbar">
          <span className="title">{T.title}</span>
          <SyncBadge sync={sync} />
          <span>{T.loggedInAs(services.staff.name)}</span>
          <button onClick={() => setLocked(true)}>{T.lock}</button>
          <button onClick={() => setStaff(null)}>{T.logout}</button>
        </header>
        <nav className="nav" aria-label="主菜单">
          {SCREENS.map((s) => (
            <button key={s} aria-current={screen === s ? 'page' : undefined} onClick={() => go(s)}>{T.nav[s]}</button>
          ))}
        </nav>
        <main className="main">
          {!sync && <div className="alert warn">{T.notEnrolled}</div>}
          {intakes.choice && (
            <DraftChoice stored={intakes.choice.stored} next={intakes.choice.next} onKeep={() => intakes.choice && intakes.resume(intakes.choice.stored)} onStartNew={() => intakes.startNew(intakes.choice?.next ?? null)} />
          )}
          {screen !== 'intake' && !intakes.choice && intakes.stored && <DraftBanner stored={intakes.stored} onResume={() => void intakes.start(null)} />}
          {screen === 'trip' && <TripScreen onStartIntake={(a) => void intakes.start(a)} />}
          {screen === 'intake' && <IntakeFlow key={intakes.intake.key} appointment={intakes.intake.appointment} resume={intakes.intake.resume} onDone={() => setScreen('cases')} />}
          {screen === 'batch' && <BatchIntake />}
          {screen === 'cases' && <CasesScreen onContinue={intakes.continueCase} />}
          {screen === 'sync' && <SyncScreen />}
          {screen === 'devices' && <DevicesScreen />}
        </main>
      </div>
    </ServicesContext.Provider>
  );
}
