import { createHash } from 'node:crypto';
import { type AcceptedPayload, type Applicant, type CaseEvent, type CaseEventBody, type PaymentMethod } from '#domain/case/events.ts';
import { type BusinessKind } from '#domain/business/business-kinds.ts';
import { sealEvent } from '#domain/case/hash-chain.ts';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { type UnitDoc } from '#protocol/documents/office.ts';
import { enrollDevice, pushAs, uploadScan, type Office } from './harness.ts';

/** A residential unit of the demo register that nothing stops (not seized, no advance notice, nothing in progress). */
export async function freeUnit(office: Office, skip = 0): Promise<UnitDoc> {
  const units = (await office.storage.listDocuments('units')).map((d) => d.body as unknown as UnitDoc);
  const free = units.filter((u) => u.use === 'residential' && !u.flags.seized && !u.flags.advanceNotice && !u.flags.inProgress && !u.flags.mortgaged);
  const unit = free[skip];
  if (!unit) throw new Error('demo register has too few free units');
  return unit;
}

export type VanCase = { caseId: string; caseNumber: string; queryCode: string; unitId: string; receiptNumber: string };

/**
 * A van that enrolls, accepts cases on its trip, charges the fee (80 yuan, residential transfer, one
 * certificate), prints receipts from the trip's block and uploads one scan per case, all through the real
 * sync endpoints, with each event sealed into the device's hash chain by the domain.
 */
export class Van {
  private seq = 0;
  /** The protocol version the van's pushes declare; unset, the current one. */
  protocol: number | undefined = undefined;
  private prev: string | null = null;
  private constructor(
    /** The office it syncs with; a van follows its office when that moves to a restored database. */
    public office: Office,
    readonly deviceId: string,
    readonly token: string,
    private receiptNo: number,
  ) {}

  /** Enrolls a device of the demo van; its receipts count up from the first number of the run the office granted it. */
  static async enroll(office: Office, name = 'van-test'): Promise<Van> {
    const d = await enrollDevice(office.url, name);
    const run = d.grants[0];
    if (!run) throw new Error(`device ${name} holds no receipt numbers`);
    return new Van(office, d.deviceId, d.token, run.first);
  }

  event(caseId: string, at: string, body: CaseEventBody, actor = 'staff-zhangwei'): CaseEvent {
    this.seq += 1;
    const e = sealEvent({ id: `${this.deviceId}-e${this.seq}`, caseId, deviceId: this.deviceId, seq: this.seq, at, actor, prevHash: this.prev, ...body });
    this.prev = e.hash;
    return e;
  }

  /**
   * `actor` is the staff id who took the intake and the fee (default 张伟); `caseId` one drawn as a real van does;
   * `tripId` and `receiptNumber` a trip other than the demo trip and a number of this device's run of its block;
   * `feeNamesTrip` the 收费 event as a van of protocol 17 on writes it, with no receipt document.
   */
  async acceptCase(n: number, unit: UnitDoc, opts: { caseId?: string; at?: string; appointmentId?: string | null; amountFen?: number; scan?: boolean; actor?: string; applicants?: Applicant[]; payment?: { method: PaymentMethod; transactionRef?: string }; businessKind?: BusinessKind; tripId?: string; receiptNumber?: string; feeNamesTrip?: boolean } = {}): Promise<VanCase> {
    const actor = opts.actor ?? 'staff-zhangwei';
    const caseId = opts.caseId ?? `${this.deviceId}-case-${n}`;
    // Acceptances happened before the office acts (events are ordered by time): minutes ago, in case order.
    const at = opts.at ?? new Date(Date.now() - (600 - n) * 60_000).toISOString();
    const caseNumber = `JMS-2026-${String(n).padStart(5, '0')}-${this.deviceId.slice(-4)}`;
    const queryCode = `Q${String(100000 + n)}`;
    const applicant = { name: `申请人${n}`, idType: 'resident-id' as const, idNumber: '230803195001011234', side: 'holder' as const };
    const intake: AcceptedPayload = {
      caseNumber,
      queryCode,
      businessKind: opts.businessKind ?? 'transfer',
      use: 'residential',
      applicants: opts.applicants ?? [applicant],
      units: [{ unitNumber: unit.unitNumber, address: unit.address, snapshotAt: unit.snapshotAt }],
      materials: [{ key: 'application-form', name: '不动产登记申请书', original: true, count: 1, pages: 1, scanIds: [`${caseId}-scan`] }],
      certificates: 1,
    };
    const number = opts.receiptNumber ?? `JMS2026-${String(this.receiptNo++).padStart(6, '0')}`;
    const tripId = opts.tripId ?? DEMO_TRIP_ID;
    const amountFen = opts.amountFen ?? 8000;
    const payment = opts.payment ?? { method: 'cash' as const };
    const events = [
      this.event(caseId, at, { kind: 'accepted', payload: intake }, actor),
      this.event(caseId, at, {
        kind: 'fee-charged',
        payload: { receiptCode: 'FS', receiptNumber: number, payer: applicant.name, items: [{ name: '登记费（住宅）', amountFen }], totalFen: amountFen, rules: 'gb-2016-2559@1', ...payment, ...(opts.feeNamesTrip === true ? { tripId } : {}) },
      }, actor),
    ];
    await pushAs(this.office, this.token, 'cases', [
      { id: caseId, tripId, appointmentId: opts.appointmentId ?? null, deviceId: this.deviceId, businessKind: opts.businessKind ?? 'transfer', unitIds: [unit.id], applicants: opts.applicants ?? [applicant], createdAt: at, createdBy: actor, _deleted: false },
    ], this.protocol);
    await pushAs(this.office, this.token, 'caseEvents', events.map((e) => ({ ...e, _deleted: false })), this.protocol);
    // A van of protocol 17 on names the trip in its 收费 event and writes no receipt document: the office keeps the receipt as a view of the event.
    if (opts.feeNamesTrip !== true) {
      await pushAs(this.office, this.token, 'receipts', [
        { id: `${caseId}-r1`, tripId, caseId, deviceId: this.deviceId, number, amountFen, items: [{ code: 'registration-residential', label: '登记费（住宅）', amountFen }], payer: applicant.name, issuedAt: at, issuedBy: actor, ...(opts.payment ? payment : {}), _deleted: false },
      ], this.protocol);
    }
    const bytes = new TextEncoder().encode(`%PDF-1.4 scan of ${caseId}\n`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await pushAs(this.office, this.token, 'scans', [
      { id: `${caseId}-scan`, caseId, deviceId: this.deviceId, sha256, bytes: bytes.length, mime: 'application/pdf', pages: 1, material: { name: '不动产登记申请书', original: true, copies: 1 }, createdAt: at, _deleted: false },
    ]);
    if (opts.scan !== false) await uploadScan(this.office, this.token, bytes, sha256);
    return { caseId, caseNumber, queryCode, unitId: unit.id, receiptNumber: number };
  }
}
