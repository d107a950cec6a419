import { type AcceptedPayload, type CaseEvent, type CaseEventBody } from '#domain/case/events.ts';
import { sealEvent } from '#domain/case/hash-chain.ts';

export const intake: AcceptedPayload = {
  caseNumber: 'JMS-2026-000001',
  queryCode: '4821',
  businessKind: 'transfer',
  use: 'residential',
  applicants: [
    { name: '王淑兰', idType: 'resident-id', idNumber: '230803195203150027', side: 'holder' },
    { name: '李建国', idType: 'resident-id', idNumber: '230804196807212515', side: 'obligor' },
  ],
  units: [{ unitNumber: '230803001001GB00001F00010001', address: '佳木斯市向阳区长安路1号1单元101', snapshotAt: '2026-11-20T08:00:00.000Z' }],
  materials: [],
  certificates: 1,
};

/** Builds one device's chained events from bodies, one minute apart. */
export function chain(deviceId: string, caseId: string, bodies: { body: CaseEventBody; actor: string }[], start = Date.parse('2026-11-23T01:00:00Z')): CaseEvent[] {
  const out: CaseEvent[] = [];
  bodies.forEach(({ body, actor }, i) => {
    const prev = out[out.length - 1];
    out.push(sealEvent({ id: `${deviceId}-${i + 1}`, caseId, deviceId, seq: i + 1, at: new Date(start + i * 60_000).toISOString(), actor, prevHash: prev?.hash ?? null, ...body }));
  });
  return out;
}
