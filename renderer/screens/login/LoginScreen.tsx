import { useEffect, useState } from 'react';
import { type VanDatabase } from '#renderer/db/database.ts';
import { type LoginRefusal, type StaffLogin, checkStaffLogin } from '#renderer/db/offline-login.ts';
import { T } from './login-text.ts';
import { type OfflineLock } from '#domain/staff/offline-lock.ts';
import { FREE_ATTEMPTS, freeAttemptsLeft, secondsToWait } from '#domain/staff/login-backoff.ts';
import { clearAttempts, loginAttempts, recordWrongPassword } from '#renderer/db/login-attempts.ts';

type Props = {
  db: VanDatabase;
  /** Set when the screen was locked: only this staff member may unlock. */
  lockedFor: StaffLogin | null;
  onLogin: (staff: StaffLogin) => void;
  onSwitchUser: () => void;
  /** Opens the encrypted local store with the password just checked; false when this person has no key slot on this van. */
  openData?: (staffId: string, password: string) => Promise<boolean>;
  /** Whether the van has gone too long without reaching the office (then nobody logs in until it syncs). */
  offlineLock?: () => Promise<OfflineLock>;
  /** Whether the van is enrolled with its office (without it no staff list can arrive). */
  enrolled?: boolean;
};

/** What the person is told, per refusal: what is missing and what to do, never a bare "wrong". */
function refusalText(refusal: LoginRefusal, login: string, enrolled: boolean): string {
  switch (refusal) {
    case 'no-staff-list':
      return enrolled ? T.noStaffYet : T.noStaffNotEnrolled;
    case 'unknown-login':
      return T.unknownLogin(login);
    case 'not-van-clerk':
      return T.notVanClerk;
    case 'wrong-password':
      return T.wrongPassword;
  }
}

/** Offline login: the password is checked against the hashes in the pulled trip manifest. */
export function LoginScreen({ db, lockedFor, onLogin, onSwitchUser, openData, offlineLock, enrolled = true }: Props) {
  const [login, setLogin] = useState(lockedFor?.login ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [staffCount, setStaffCount] = useState<number | null>(null);
  // Wrong passwords in a row for the login typed, and the seconds left before the next try (login-backoff.ts).
  const [attempts, setAttempts] = useState<{ failures: number; waitS: number; freeLeft: number }>({ failures: 0, waitS: 0, freeLeft: FREE_ATTEMPTS });
  const who = login.trim();

  useEffect(() => {
    let stopped = false;
    const read = () =>
      void loginAttempts(db, who).then((a) => {
        if (!stopped) setAttempts({ failures: a.failures, waitS: secondsToWait(a, new Date().toISOString()), freeLeft: freeAttemptsLeft(a) });
      });
    read();
    const timer = setInterval(read, 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [db, who]);

  useEffect(() => {
    const sub = db.staff.count().$.subscribe(setStaffCount);
    return () => sub.unsubscribe();
  }, [db]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const lock = offlineLock ? await offlineLock() : null;
      if (lock?.locked) return setError(T.offlineLocked(lock.daysOffline));
      // The wait is checked before the password is: a try during it tells nothing about the password.
      const before = await loginAttempts(db, who);
      const waitS = secondsToWait(before, new Date().toISOString());
      if (waitS > 0) return setAttempts({ failures: before.failures, waitS, freeLeft: 0 }); // the alert says how long
      const checked = await checkStaffLogin(db, who, password);
      const staff = checked.ok ? checked.value : null;
      if (!checked.ok && checked.error === 'wrong-password') {
        const after = await recordWrongPassword(db, who, new Date().toISOString());
        const next = secondsToWait(after, new Date().toISOString());
        setAttempts({ failures: after.failures, waitS: next, freeLeft: freeAttemptsLeft(after) });
        if (next === 0) setError(T.wrongPassword);
      } else if (!checked.ok) setError(refusalText(checked.error, who, enrolled));
      else if (!staff) return;
      else if (lockedFor && staff.id !== lockedFor.id) setError(T.wrongUserOnUnlock);
      else if (openData && !(await openData(staff.id, password))) setError(T.noKeySlot);
      else {
        await clearAttempts(db, who);
        onLogin(staff);
      }
    } finally {
      setBusy(false);
      setPassword('');
    }
  }

  return (
    <form className="card login" onSubmit={(e) => void submit(e)} aria-label={lockedFor ? T.lockedTitle : T.title}>
      <h1>{lockedFor ? T.lockedTitle : T.title}</h1>
      {lockedFor && <p>{T.lockedHint(lockedFor.name)}</p>}
      {staffCount === 0 && <div className="alert warn" data-testid="no-staff">{enrolled ? T.noStaff : T.noStaffNotEnrolled}</div>}
      {staffCount !== null && staffCount > 0 && <p className="muted">{T.staffCount(staffCount)}</p>}
      <label htmlFor="login">{T.login}</label>
      <input id="login" name="login" autoComplete="username" value={login} readOnly={lockedFor !== null} onChange={(e) => setLogin(e.target.value)} required />
      <label htmlFor="password">{T.password}</label>
      <input id="password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      {attempts.waitS > 0 ? (
        <div className="alert bad" role="alert" data-testid="login-wait">{T.tooManyAttempts(attempts.failures, attempts.waitS)}</div>
      ) : (
        error && <div className="alert bad" role="alert">{error}</div>
      )}
      {attempts.failures > 0 && attempts.waitS === 0 && <p className="muted" data-testid="login-attempts">{T.attemptsLeft(attempts.failures, attempts.freeLeft)}</p>}
      <p className="row">
        <button className="primary grow" type="submit" disabled={busy || attempts.waitS > 0}>{busy ? T.checking : lockedFor ? T.unlock : T.submit}</button>
        {lockedFor && <button type="button" onClick={onSwitchUser}>{T.switchUser}</button>}
      </p>
    </form>
  );
}
