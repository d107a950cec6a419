import { assertNever } from '#domain/assert.ts';
import { BUSINESS_KINDS, type BusinessKind } from '#domain/business/business-kinds.ts';
import { type RegisterEntry } from '#domain/register/entries.ts';
import { type MortgageView, type RegisterView } from '#domain/register/project.ts';
import { houseUseCode, RIGHT_STATE, RIGHT_TYPES } from './exchange-codes.ts';

/**
 * The right table of a 接入 message (不动产登记数据库标准 权利信息): 房地产权 (QLF_QL_FDCQ), 抵押权 (QLF_QL_DYAQ),
 * 预告登记 (QLF_QL_YGDJ) or 异议登记 (QLF_QL_YYDJ), as this 登簿 left it. A registration the register does not model
 * in detail (查封 by a case, 其他登记, a 抵押权变更 without its terms) has none; the head still reports it.
 */

type Common = { BDCDYH: string; YWH: string; DJLX: string; DJYY: string; DJSJ: string; DBR: string; QXDM: string; DJJG: string; QSZT: string };

export type RightTable =
  | (Common & { table: 'QLF_QL_FDCQ'; QLLX: string; FDZL: string; JZMJ: number; GHYT: string; BDCQZH: string })
  | (Common & { table: 'QLF_QL_DYAQ'; QLLX: string; DYR: string; DYQR: string; ZWR: string; DYFS: string; BDBZZQSE: number | null; ZWLXQSSJ: string; ZWLXJSSJ: string; BDCDJZMH: string })
  | (Common & { table: 'QLF_QL_YGDJ'; QLRMC: string; BDCDJZMH: string })
  | (Common & { table: 'QLF_QL_YYDJ'; SQR: string; YYSX: string });

export type RightContext = {
  unitNumber: string;
  recFlowId: string;
  /** 登簿 time, China time with offset. */
  registeredAt: string;
  registrar: string;
  regOrgName: string;
  kind: BusinessKind;
  reason: string;
};

const common = (c: RightContext, after: RegisterView, state: string): Common => ({
  BDCDYH: c.unitNumber, YWH: c.recFlowId, DJLX: BUSINESS_KINDS[c.kind].code, DJYY: c.reason, DJSJ: c.registeredAt, DBR: c.registrar,
  QXDM: after.natural?.districtCode ?? c.unitNumber.slice(0, 6), DJJG: c.regOrgName, QSZT: state,
});

const yuan = (fen: number | null): number | null => (fen === null ? null : fen / 100);

function mortgageTable(c: RightContext, m: MortgageView, after: RegisterView, state: string, owner: string): RightTable {
  return {
    ...common(c, after, state), table: 'QLF_QL_DYAQ', QLLX: RIGHT_TYPES.mortgage, DYR: owner, DYQR: m.mortgagee, ZWR: m.debtor ?? '',
    DYFS: m.maximum ? '2' : '1', BDBZZQSE: yuan(m.amountFen), ZWLXQSSJ: m.termFrom ?? '', ZWLXJSSJ: m.termTo ?? '', BDCDJZMH: m.certificateNumber ?? '',
  };
}

/** The table of the right this 登簿 registered or ended; the last entry it made decides. */
export function rightTableOf(c: RightContext, made: readonly RegisterEntry[], before: RegisterView, after: RegisterView): RightTable | null {
  const owner = (after.ownership ?? before.ownership)?.holders.map((h) => h.name).join('、') ?? '';
  const last = [...made].reverse().find((e) => e.kind !== 'case-registered');
  if (!last) return null;
  switch (last.kind) {
    case 'ownership-registered':
    case 'ownership-cancelled': {
      const o = last.kind === 'ownership-registered' ? after.ownership : before.ownership;
      const n = after.natural;
      const state = last.kind === 'ownership-registered' ? RIGHT_STATE.current : RIGHT_STATE.ended;
      return {
        ...common(c, after, state), table: 'QLF_QL_FDCQ', QLLX: RIGHT_TYPES.stateLandAndHouse, FDZL: n?.address ?? '', JZMJ: n?.areaM2 ?? 0,
        GHYT: n ? houseUseCode(n.use) : '', BDCQZH: o?.certificateNumber ?? '',
      };
    }
    case 'mortgage-registered': {
      const m = after.mortgages.find((x) => x.mortgageId === last.mortgageId);
      return m ? mortgageTable(c, m, after, RIGHT_STATE.current, owner) : null;
    }
    case 'mortgage-cancelled': {
      const m = before.mortgages.find((x) => x.mortgageId === last.mortgageId);
      return m ? mortgageTable(c, m, after, RIGHT_STATE.ended, owner) : null;
    }
    case 'advance-notice-registered':
      return { ...common(c, after, RIGHT_STATE.current), table: 'QLF_QL_YGDJ', QLRMC: last.holders.map((h) => h.name).join('、'), BDCDJZMH: last.certificateNumber ?? '' };
    case 'objection-registered':
      return { ...common(c, after, RIGHT_STATE.current), table: 'QLF_QL_YYDJ', SQR: last.applicant, YYSX: last.matter };
    case 'unit-established':
    case 'natural-changed':
    case 'advance-notice-cancelled':
    case 'objection-cancelled':
    case 'seizure-recorded':
    case 'seizure-renewed':
    case 'seizure-lifted':
    case 'contract-filed':
    case 'contract-filing-cancelled':
      // Never made by a case's 登簿 (entriesFromRegistration): court acts, filings and the register's own records.
      return null;
    default:
      return assertNever(last, 'register entry');
  }
}
