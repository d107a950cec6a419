import { type Fen, formatYuan } from '#domain/money.ts';
import { REGISTER_STATUS_TEXT } from '#domain/register/register-text.ts';
import { type UnitRegister } from '#protocol/documents/office.ts';
import { T } from './intake-text.ts';

const R = T.unit.register;

/**
 * What the office's register says of the unit, as of the snapshot: the status, the mortgages, the seizures in their
 * 轮候 order, 预告 and 异议, and the contract filed online (网签备案) with its buyers, so the clerk sees on site why a
 * unit may not be disposed of and who bought it under a filed contract.
 */
export function UnitRegisterSummary({ register }: { register: UnitRegister }) {
  const f = register.contractFiling;
  return (
    <div className="muted" data-testid="unit-register" data-status={register.status}>
      <div>{R.heading(register.asOf, REGISTER_STATUS_TEXT[register.status])}</div>
      {register.mortgages.map((m, i) => (
        <div key={`m${i}`} data-testid="unit-register-mortgage">{R.mortgage(m.mortgagee, m.amountFen === null ? null : `${formatYuan(m.amountFen as Fen)} 元`, m.termTo)}</div>
      ))}
      {register.seizures.map((s, i) => (
        <div key={`s${i}`} data-testid="unit-register-seizure">{R.seizure(s.court, s.noticeNumber, s.standing, s.rank, s.to)}</div>
      ))}
      {register.advanceNotice && <div>{R.advanceNotice}</div>}
      {register.objection && <div>{R.objection}</div>}
      {f && (
        <div data-testid="unit-filing" data-contract={f.contractNumber}>{R.filing(f.contractNumber, f.filedOn, f.buyers.join('、'))}</div>
      )}
    </div>
  );
}
