import { useEffect, useState } from 'react';
import { type VanConfig } from '#electron/ipc/contract.ts';

/** Ten minutes without a touch locks the screen. */
export const DEFAULT_IDLE_LOCK_MS = 10 * 60_000;

/**
 * The idle time before the screen locks. Browser mode (`start:browser`, used by the end-to-end tests
 * and demos) honours `?idleLockSeconds=N` (5..3600) in the page address; the Electron app always
 * uses the default, so nobody in the van can stretch the lock from an address bar.
 */
export function idleLockMs(transport: VanConfig['transport'], search: string): number {
  if (transport !== 'http') return DEFAULT_IDLE_LOCK_MS;
  const raw = new URLSearchParams(search).get('idleLockSeconds');
  const seconds = raw === null || !/^\d{1,4}$/.test(raw) ? NaN : Number(raw);
  return seconds >= 5 && seconds <= 3600 ? seconds * 1000 : DEFAULT_IDLE_LOCK_MS;
}

/** Locks the screen after `idleMs` without touch, mouse, keyboard or typing (the van is a public place). */
export function useIdleLock(idleMs: number, active: boolean): [boolean, (locked: boolean) => void] {
  const [locked, setLocked] = useState(false);
  useEffect(() => {
    if (!active || locked) return undefined;
    let timer = window.setTimeout(() => setLocked(true), idleMs);
    const reset = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => setLocked(true), idleMs);
    };
    // `input` too: an on-screen keyboard or an IME does not always send keydown.
    const events = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, reset, { passive: true, capture: true });
    return () => {
      window.clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, reset, { capture: true });
    };
  }, [idleMs, active, locked]);
  return [locked, setLocked];
}
