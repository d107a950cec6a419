import { sealEvent } from '#domain/case/hash-chain.ts';
import { type CaseEvent } from '#domain/case/events.ts';

/**
 * A device's hash chain of `n` small intake events over 50 cases: the load the sync and office suites push.
 * `caseOf` picks each event's case by its sequence number (by default the cases take turns).
 */
export function chainOf(deviceId: string, n: number, caseOf = (seq: number) => seq % 50): CaseEvent[] {
  const out: CaseEvent[] = [];
  for (let seq = 1; seq <= n; seq++) {
    out.push(
      sealEvent({
        id: `${deviceId}-${seq}`, caseId: `${deviceId}-case-${caseOf(seq)}`, deviceId, seq, at: new Date(Date.UTC(2026, 10, 30, 1, 0, seq)).toISOString(),
        actor: 'staff-zhangwei', prevHash: out[seq - 2]?.hash ?? null, kind: 'materials-received',
        payload: { materials: [{ key: 'id-card', name: '身份证明', original: true, count: 1, pages: 2, scanIds: [] }], complete: false },
      }),
    );
  }
  return out;
}
