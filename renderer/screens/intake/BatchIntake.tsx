import { scheduleInForce } from '#domain/fees/schedule.ts';
import { useMemo, useState } from 'react';
import { caughtText, logFailure } from '#renderer/app/failure-log.ts';
import { useServices } from '#renderer/app/services.ts';
import { useObservable } from '#renderer/app/use-observable.ts';
import { findUnitByNumber } from '#renderer/db/queries.ts';
import { type ApplicantSide } from '#domain/case/events.ts';
import { type Draft, type MaterialLine, type Trip, type Unit, caseNumberOf, issueReceipt, isJoint, materialLine, saveIntake, statusLinkFor } from './draft.ts';
import {
  BUSINESS_KINDS, BUSINESS_KIND_KEYS, type BusinessKind, type Quote, checkUnitForKind, creditCodeProblem, promisedLimitsOf, quoteFee, requiredMaterials, residentIdProblem,
} from './intake-rules.ts';
import { BATCH, T } from './intake-text.ts';
import { readUnitListFile } from './unit-list.ts';
import { unitsTakenOnTrip } from './batch-taken.ts';
import { type FeeScheduleDoc } from '#protocol/documents/office.ts';
import { FIELD_MAX } from '#renderer/app/field-limits.ts';
import { CountInput } from '#renderer/app/CountInput.tsx';

/**
 * A unit of the list. `caseId` is its case from the first run on: a run again (after a printer failure) repeats
 * that case and its one charge, and only prints again.
 */
type Row = { line: number; unitNumber: string; unit: Unit | null; problem: string | null; caseId?: string; result?: { ok: boolean; text: string } };

/** An enterprise's list of units taken through intake together, one case and one receipt per unit. */
export function BatchIntake() {
  const { db, van, config, staff, now, newCaseId } = useServices();
  const trip = (useObservable(useMemo(() => db.trips.find({ sort: [{ date: 'desc' }] }).$, [db]), [])[0]?.toJSON() as Trip | undefined) ?? null;
  const schedules = useObservable(useMemo(() => db.feeSchedules.find({ sort: [{ effectiveFrom: 'desc' }] }).$, [db]), []).map((d) => d.toJSON() as Omit<FeeScheduleDoc, '_deleted'>);
  const [enterprise, setEnterprise] = useState('');
  const [creditCode, setCreditCode] = useState('');
  const [kind, setKind] = useState<BusinessKind>('transfer');
  const [side, setSide] = useState<ApplicantSide>('obligor');
  const [other, setOther] = useState({ name: '', idNumber: '' });
  const [smallEnterprise, setSmallEnterprise] = useState(false);
  // The enterprise hands over one set of materials for the batch: each is recorded with its form, copies and pages.
  const [materials, setMaterials] = useState<MaterialLine[]>(() => requiredMaterials('transfer', { applicants: 2 }).map(materialLine));
  const [rows, setRows] = useState<Row[]>([]);
  const [progress, setProgress] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  async function load(file: File | undefined) {
    if (!file) return;
    setFileError(null);
    const list = await readUnitListFile(file);
    if (!list.ok) {
      setRows([]);
      return setFileError(list.error === 'old-excel' ? BATCH.oldExcel : BATCH.unreadable);
    }
    const out: Row[] = list.value.problems.map((p) => ({ line: p.line, unitNumber: p.text, unit: null, problem: p.message }));
    const taken = trip ? await unitsTakenOnTrip(db, trip.id, kind) : new Map<string, string>();
    for (const r of list.value.entries) {
      const unit = await findUnitByNumber(db, r.unitNumber);
      const check = unit ? checkUnitForKind(kind, unit, now()) : null;
      const takenBy = unit && trip ? taken.get(unit.id) : undefined;
      out.push({ ...r, unit, problem: !unit ? BATCH.notFound : takenBy && trip ? BATCH.taken(caseNumberOf(trip, takenBy)) : check && !check.ok ? check.message : null });
    }
    setRows(out.sort((a, b) => a.line - b.line));
  }

  const joint = isJoint({ kind, cause: null });
  const chooseKind = (k: BusinessKind) => {
    setKind(k);
    setMaterials(requiredMaterials(k, { applicants: isJoint({ kind: k, cause: null }) ? 2 : 1 }).map(materialLine));
  };
  const setMaterial = (key: string, patch: Partial<MaterialLine>) => setMaterials((list) => list.map((m) => (m.key === key ? { ...m, ...patch, received: true } : m)));
  // GB 32100 for the enterprise; a joint application needs the other party too (条例 第十四条第一款).
  const codeProblem = creditCode.trim() === '' ? null : creditCodeProblem(creditCode);
  const otherProblem = !joint ? null : other.name.trim() === '' ? BATCH.otherNeeded : (/^[0-9A-Z]{18}$/.test(other.idNumber) && creditCodeProblem(other.idNumber) === null) || residentIdProblem(other.idNumber).ok ? null : BATCH.otherId;
  const materialsProblem = materials.some((m) => !m.received || (m.typedPages ?? 0) < 1) ? BATCH.materialsNeeded : null;

  /** Saves one row's case and charge and prints its slip; what the row then says. */
  async function takeRow(trip: Trip, draft: Draft, quote: Quote | null): Promise<NonNullable<Row['result']>> {
    try {
      const ctx = { db, deviceId: config.deviceId, staffId: staff.id, now, trip };
      await saveIntake(ctx, draft, { kind: 'accepted', promisedDays: promisedLimitsOf(trip.promisedLimits)[kind] });
      // A business the rules do not charge uses no receipt number.
      const issued = quote && quote.totalFen > 0 ? await issueReceipt(ctx, draft, quote, enterprise.trim(), 'bank-card') : null;
      if (!quote) return { ok: false, text: `${BATCH.rowFailed}${T.fees.rules}` };
      if (quote.totalFen === 0) return { ok: true, text: BATCH.rowDoneFree };
      if (issued === null || typeof issued === 'string') return { ok: false, text: `${BATCH.rowFailed}${T.payment.noReceipt[issued ?? 'no-block']}` };
      const r = await van.receiptsIssue({
        receiptId: issued.id, receiptCode: issued.code, receiptNumber: issued.number, caseId: draft.caseId, caseNumber: caseNumberOf(trip, draft.caseId), payer: issued.payer,
        items: quote.items.map((x) => ({ name: x.name, amountFen: x.amountFen, ruleVersion: quote.rulesNumber })), totalFen: quote.totalFen, paymentMethod: 'bank-card',
        payee: '佳木斯市不动产登记中心', staffName: staff.name, issuedAt: issued.issuedAt, statusUrl: statusLinkFor(config.publicUrl, trip, draft), paperWidth: '80',
      });
      // The main side answers in Chinese (the printer's cover, its paper, or what failed, electron/ipc/handle.ts).
      return r.ok ? { ok: true, text: BATCH.rowDone(issued.number) } : { ok: false, text: BATCH.rowNotPrinted(issued.number, r.error.message) };
    } catch (error) {
      // The local store refused a write: its words are for support, under the code staff read out.
      return { ok: false, text: `${BATCH.rowFailed}${caughtText(error, (e) => logFailure(van, 'batch intake: save a row', e), BATCH.rowNotSaved)}` };
    }
  }

  async function runAll() {
    if (!trip) return;
    const schedule = scheduleInForce(schedules, trip.date);
    const ready = rows.filter((r) => r.unit && !r.problem && !r.result?.ok);
    for (const [i, row] of ready.entries()) {
      setProgress(BATCH.running(i + 1, ready.length));
      const unit = row.unit as Unit;
      const otherId = other.idNumber.trim();
      const caseId = row.caseId ?? newCaseId();
      setRows((old) => old.map((x) => (x.line === row.line ? { ...x, caseId } : x)));
      const draft: Draft = {
        caseId, appointmentId: null, kind, use: unit.use, certificates: 1,
        applicants: [
          { name: enterprise.trim(), idType: 'business-license', idNumber: creditCode.trim(), side: joint ? side : 'holder' },
          ...(joint ? [{ name: other.name.trim(), idType: otherId.length === 18 && /[A-Z]/.test(otherId.slice(0, 17)) ? 'business-license' as const : 'resident-id' as const, idNumber: otherId, side: side === 'holder' ? 'obligor' as const : 'holder' as const }] : []),
        ],
        units: [unit], mortgageeConsent: false, materials, cause: kind === 'transfer' ? 'other' : null,
        // 小微企业 (含个体工商户) pay no registration fee (财税〔2016〕79号; 2559号 二（二）).
        feeCase: smallEnterprise ? { key: 'small-micro-enterprise', reason: BATCH.smallEnterpriseReason } : null,
      };
      const quoted = schedule ? quoteFee(schedule, { kind, units: [{ unitNumber: unit.unitNumber, use: unit.use }], certificates: 1, feeCase: draft.feeCase?.key ?? null }) : null;
      // The fee rules' refusal is in Chinese and says why; nothing of the row is saved.
      const result = quoted && !quoted.ok ? { ok: false, text: `${BATCH.rowFailed}${quoted.message}` } : await takeRow(trip, draft, quoted?.ok ? quoted.quote : null);
      setRows((old) => old.map((x) => (x.line === row.line ? { ...x, result } : x)));
    }
    setProgress(null);
  }

  const canRun = enterprise.trim().length > 0 && creditCode.trim().length > 0 && !codeProblem && !otherProblem && !materialsProblem && rows.some((r) => r.unit && !r.problem);
  return (
    <section aria-label={BATCH.title}>
      <h1>{BATCH.title}</h1>
      <p className="muted">{BATCH.hint}</p>
      <div className="card grid2">
        <div><label htmlFor="enterprise">{BATCH.enterprise}</label><input id="enterprise" value={enterprise} maxLength={FIELD_MAX.name} onChange={(e) => setEnterprise(e.target.value)} /></div>
        <div><label htmlFor="credit">{BATCH.creditCode}</label><input id="credit" value={creditCode} maxLength={18} onChange={(e) => setCreditCode(e.target.value.toUpperCase())} />
          {codeProblem && <div className="alert bad" data-testid="credit-problem">{codeProblem}</div>}</div>
        <div><label htmlFor="batch-kind">{BATCH.kind}</label>
          <select id="batch-kind" value={kind} onChange={(e) => chooseKind(e.target.value as BusinessKind)}>{BUSINESS_KIND_KEYS.map((k) => <option key={k} value={k}>{BUSINESS_KINDS[k].name}</option>)}</select></div>
        <label className="row"><input type="checkbox" style={{ width: 32 }} checked={smallEnterprise} onChange={(e) => setSmallEnterprise(e.target.checked)} />{BATCH.smallEnterprise}</label>
        <div><label htmlFor="batch-file">{BATCH.file}</label><input id="batch-file" type="file" accept=".csv,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => void load(e.target.files?.[0])} /></div>
      </div>
      {joint && (
        <div className="card grid2" data-testid="batch-other-party">
          <p className="muted">{BATCH.jointHint}</p>
          <div><label htmlFor="batch-side">{BATCH.enterpriseSide}</label>
            <select id="batch-side" value={side} onChange={(e) => setSide(e.target.value as ApplicantSide)}><option value="obligor">{BATCH.obligor}</option><option value="holder">{BATCH.holder}</option></select></div>
          <div><label htmlFor="other-name">{BATCH.otherName}</label><input id="other-name" value={other.name} maxLength={FIELD_MAX.name} onChange={(e) => setOther({ ...other, name: e.target.value })} /></div>
          <div><label htmlFor="other-id">{BATCH.otherIdNumber}</label><input id="other-id" value={other.idNumber} maxLength={18} onChange={(e) => setOther({ ...other, idNumber: e.target.value.toUpperCase().trim() })} /></div>
          {otherProblem && <div className="alert warn">{otherProblem}</div>}
        </div>
      )}
      <table data-testid="batch-materials">
        <thead><tr><th>{BATCH.materialName}</th><th>{BATCH.form}</th><th>{BATCH.copies}</th><th>{BATCH.pages}</th></tr></thead>
        <tbody>
          {materials.map((m) => (
            <tr key={m.key}>
              <td>{m.name}{m.original ? `（${T.materials.original}）` : ''}</td>
              <td><select aria-label={`${BATCH.form}：${m.name}`} value={m.receivedOriginal ? 'original' : 'copy'} onChange={(e) => setMaterial(m.key, { receivedOriginal: e.target.value === 'original' })}>
                <option value="original">{T.materials.original}</option><option value="copy">{T.materials.copy}</option></select></td>
              <td><CountInput aria-label={`${BATCH.copies}：${m.name}`} min={1} max={FIELD_MAX.copies} value={m.receivedCount} onChange={(receivedCount) => setMaterial(m.key, { receivedCount })} /></td>
              <td><input aria-label={`${BATCH.pages}：${m.name}`} type="number" min={1} max={FIELD_MAX.pages} value={m.typedPages ?? ''} onChange={(e) => setMaterial(m.key, { typedPages: Number(e.target.value) > 0 ? Math.min(FIELD_MAX.pages, Number(e.target.value)) : null })} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      {materialsProblem && <div className="alert warn">{materialsProblem}</div>}
      {fileError && <div className="alert bad" role="alert">{fileError}</div>}
      {rows.length > 0 && <p>{BATCH.rows(rows.length)} · {BATCH.materials}{rows.some((r) => r.problem) && ` · ${BATCH.problems(rows.filter((r) => r.problem).length)}`}</p>}
      <table>
        <tbody>
          {rows.map((r) => (
            <tr key={r.line} data-testid="batch-row" data-line={r.line}>
              <td>{r.line}</td>
              <td>{r.unitNumber}</td>
              <td>{r.unit?.address ?? ''}</td>
              <td>{r.result ? <span className={`tag ${r.result.ok ? 'ok' : 'bad'}`}>{r.result.text}</span> : r.problem ? <span className="tag bad">{r.problem}</span> : <span className="tag ok">{BATCH.ready}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {progress && <div className="alert warn">{progress}</div>}
      <button className="primary" disabled={!canRun || progress !== null} onClick={() => void runAll()}>{BATCH.run}</button>
    </section>
  );
}
