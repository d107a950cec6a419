import { assertNever } from '#domain/assert.ts';
import { type BusinessKind, type PropertyUse } from '#domain/business/business-kinds.ts';
import { type IdDocumentType } from '#domain/case/events.ts';
import { type Holding, type Structure } from '#domain/register/entries.ts';

/**
 * The code tables the national 不动产登记数据接入规范 message carries (docs/province-exchange.md). Its head names
 * the business with a 业务编码 (RecType), the right with a 权利类型 (RightType) and the registration with a
 * 登记类型 (RegType); its data tables use the dictionaries of the 不动产登记数据库标准 (TD/T 1066).
 */

/** 接入业务编码: 房地产权（独幢、层、套、间房屋） per registration, and the per-right codes that cover every registration of that right. */
export const REC_TYPES = {
  houseFirst: '1000402',
  houseTransfer: '2000402',
  houseChange: '3000402',
  houseCorrection: '5000402',
  cancel: '4000101',
  mortgage: '9000101',
  objection: '6000101',
  advanceNotice: '7000101',
  seizure: '8000101',
  otherRight: '1009901',
} as const;

export type RecType = (typeof REC_TYPES)[keyof typeof REC_TYPES];

export function recTypeOf(kind: BusinessKind): RecType {
  switch (kind) {
    case 'first':
      return REC_TYPES.houseFirst;
    case 'transfer':
      return REC_TYPES.houseTransfer;
    case 'change':
      return REC_TYPES.houseChange;
    case 'correction':
      return REC_TYPES.houseCorrection;
    case 'cancel':
      return REC_TYPES.cancel;
    case 'mortgage-first':
    case 'mortgage-change':
    case 'mortgage-transfer':
    case 'mortgage-cancel':
      return REC_TYPES.mortgage;
    case 'objection':
      return REC_TYPES.objection;
    case 'advance-notice':
      return REC_TYPES.advanceNotice;
    case 'seizure':
      return REC_TYPES.seizure;
    case 'other':
      return REC_TYPES.otherRight;
    default:
      return assertNever(kind, 'business kind');
  }
}

/** 权利类型 (TD/T 1066 字典 权利类型): houses in the city stand on state-owned construction land. */
export const RIGHT_TYPES = { stateLandAndHouse: '4', mortgage: '23' } as const;

export const rightTypeOf = (kind: BusinessKind): string => (kind.startsWith('mortgage-') ? RIGHT_TYPES.mortgage : RIGHT_TYPES.stateLandAndHouse);

/** 证件种类: 1 身份证, 2 港澳台身份证, 3 护照, 7 营业执照, 99 其它. */
export function idTypeCode(t: IdDocumentType): string {
  switch (t) {
    case 'resident-id':
      return '1';
    case 'hmt-residence-permit':
      return '2';
    case 'passport':
      return '3';
    case 'business-license':
      return '7';
    case 'foreign-permanent-residence':
    case 'other':
      return '99';
    default:
      return assertNever(t, 'id document type');
  }
}

/** 共有方式: 0 单独所有, 1 共同共有, 2 按份共有. */
export function holdingCode(h: Holding): string {
  switch (h.kind) {
    case 'sole':
      return '0';
    case 'joint':
      return '1';
    case 'shares':
      return '2';
    default:
      return assertNever(h, 'holding');
  }
}

/** 房屋结构 (GB/T 17986.1 附录A): 1 钢, 2 钢和钢筋混凝土, 3 钢筋混凝土, 4 混合, 5 砖木, 6 其它; our STRUCTURES keep that order. */
export function structureCode(s: Structure): string {
  const codes: Record<Structure, string> = { steel: '1', 'steel-concrete': '2', 'reinforced-concrete': '3', mixed: '4', 'brick-wood': '5', other: '6' };
  return codes[s];
}

/**
 * 房屋用途 (GB/T 17986.1 附录A): 10 住宅; a unit the register records only as 非住宅 or 车位 is sent as 80 其他, since the
 * register does not say which of the non-residential classes (商业, 办公, 仓储…) it is.
 */
export const houseUseCode = (u: PropertyUse): string => (u === 'residential' ? '10' : '80');

/** 权属状态: 1 现势 (in force), 2 历史 (ended by this registration). */
export const RIGHT_STATE = { current: '1', ended: '2' } as const;
