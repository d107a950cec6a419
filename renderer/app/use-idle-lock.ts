import { useEffect, useState } from 'react';

/** Locks the screen after `idleMs` without touch, mouse or keyboard (the van is a public place). */
export function useIdleLock(idleMs: number, active: boolean): [boolean, (locked: boolean) => void] {
  const [locked, setLocked] = useState(false);
  useEffect(() => {
    if (!active || locked) return undefined;
    let timer = window.setTimeout(() => setLocked(true), idleMs);
    const reset = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => setLocked(true), idleMs);
    };
    const events = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, reset, { passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, reset);
    };
  }, [idleMs, active, locked]);
  return [locked, setLocked];
}
