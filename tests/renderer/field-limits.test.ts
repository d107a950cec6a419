import { describe, expect, it } from 'vitest';
import { type CaseEventKind } from '#domain/case/events.ts';
import { checkEventPayload } from '#protocol/documents/event-payloads.ts';
import { VisitOutcomeEntry } from '#protocol/documents/ledger.ts';
import { FIELD_MAX } from '#renderer/app/field-limits.ts';

const text = (n: number) => '张'.repeat(n);
const applicant = (o: { name?: string; relation?: string; representativeName?: string } = {}) => ({
  name: o.name ?? '刘建国', idType: 'resident-id', idNumber: '230804194802021113', side: 'holder',
  ...(o.relation !== undefined || o.representativeName !== undefined
    ? { representative: { kind: 'agent', name: o.representativeName ?? '刘小军', idType: 'resident-id', idNumber: '230804197007072221', relation: o.relation ?? '授权委托书' } }
    : {}),
});
const accepted = (o: Parameters<typeof applicant>[0] & { feeReason?: string; pages?: number; copies?: number } = {}) => ({
  caseNumber: 'JMS-2026-0001', queryCode: 'ABC123', businessKind: 'transfer', use: 'residential', applicants: [applicant(o)],
  units: [{ unitNumber: '230803003012GB00100F00010101', address: '佳木斯市向阳区西林路1号1栋101室', snapshotAt: '2026-12-07T00:00:00.000+08:00' }],
  materials: [{ key: 'id', name: '身份证明', original: true, count: o.copies ?? 1, pages: o.pages ?? 2, scanIds: [] }],
  certificates: 1, ...(o.feeReason !== undefined ? { feeCase: { key: 'low-income', reason: o.feeReason } } : {}),
});
const charge = (payer: string) => ({
  receiptCode: 'JMS2026-', receiptNumber: '001001', payer, items: [{ name: '住宅登记费', amountFen: 8000 }], totalFen: 8000, method: 'cash', rules: '黑发改规〔2020〕1号',
});
const visit = (note: string) => ({
  id: 'v-1', kind: 'visit-outcome', tripId: 'trip-1', deviceId: 'dev-1', appointmentId: 'a-1', outcome: 'cancelled', note, at: '2026-12-07T09:00:00.000+08:00', actor: 'staff-1', _deleted: false,
});
const refund = (reason: string) => ({ receiptNumber: '001001', refundNumber: 'R001', amountFen: 8000, method: 'cash', reason, ground: 'withdrawn' });

/** Each cap the van's inputs put on a field, against the record it is saved in: the cap passes, one more is refused. */
const CASES: { field: string; kind: CaseEventKind | 'visit'; payload: (over: number) => unknown }[] = [
  { field: 'applicant name', kind: 'accepted', payload: (o) => accepted({ name: text(FIELD_MAX.name + o) }) },
  { field: 'representative name', kind: 'accepted', payload: (o) => accepted({ representativeName: text(FIELD_MAX.name + o) }) },
  { field: 'representative relation', kind: 'accepted', payload: (o) => accepted({ relation: text(FIELD_MAX.relation + o) }) },
  { field: 'fee reduction reason', kind: 'accepted', payload: (o) => accepted({ feeReason: text(FIELD_MAX.feeReason + o) }) },
  { field: 'payer', kind: 'fee-charged', payload: (o) => charge(text(FIELD_MAX.name + o)) },
  { field: 'void reason', kind: 'receipt-voided', payload: (o) => ({ receiptNumber: '001001', reason: text(FIELD_MAX.reason + o) }) },
  { field: 'withdrawal reason', kind: 'withdrawn', payload: (o) => ({ reason: text(FIELD_MAX.reason + o) }) },
  { field: 'refund reason', kind: 'fee-refunded', payload: (o) => refund(text(FIELD_MAX.reason + o)) },
  { field: 'visit note', kind: 'visit', payload: (o) => visit(text(FIELD_MAX.visitNote + o)) },
];

describe('the van\'s input caps, against the records the fields are saved in', () => {
  const accepts = (kind: CaseEventKind | 'visit', payload: unknown) => (kind === 'visit' ? VisitOutcomeEntry.safeParse(payload).success : checkEventPayload(kind, payload) === null);

  it.each(CASES)('caps the $field at what its record accepts, and no lower', ({ kind, payload }) => {
    expect(accepts(kind, payload(0))).toBe(true);
    expect(accepts(kind, payload(1))).toBe(false);
  });

  it('caps copies and pages of a material within what the record accepts', () => {
    expect(checkEventPayload('accepted', accepted({ copies: FIELD_MAX.copies, pages: FIELD_MAX.pages }))).toBeNull();
  });
});
