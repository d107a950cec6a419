/**
 * Registration kinds with their national codes (登记类型 of the national data exchange; 条例 第三条 names the
 * kinds) and the names the repealed 《房屋登记办法》 (2008) used, so a case written under either vocabulary maps
 * to one key.
 */
export type BusinessKind =
  | 'first'
  | 'transfer'
  | 'change'
  | 'cancel'
  | 'correction'
  | 'objection'
  | 'advance-notice'
  | 'seizure'
  | 'other'
  | 'mortgage-first'
  | 'mortgage-change'
  | 'mortgage-transfer'
  | 'mortgage-cancel';

export type BusinessCode = '100' | '200' | '300' | '400' | '500' | '600' | '700' | '800' | '900';

export type RightKind = 'ownership' | 'mortgage' | 'advance-notice' | 'seizure' | 'objection' | 'other';

export type PropertyUse = 'residential' | 'non-residential' | 'parking';

export const PROPERTY_USE_TEXT: Record<PropertyUse, string> = {
  residential: '住宅',
  'non-residential': '非住宅',
  parking: '车库/车位/储藏间',
};

export type BusinessKindInfo = {
  code: BusinessCode;
  name: string;
  name2008: string;
  right: RightKind;
  /** 共同申请 (条例 第14条): both sides apply; only the right-holder side pays (924号, 2559号). */
  joint: boolean;
  /** Disposes of a right: blocked by 预告 (实施细则 第85条) and by a business in progress. */
  disposes: boolean;
  /**
   * Transfers the right or puts a burden on it (抵押, 预告, 地役权): refused while the unit is seized, under
   * 《城市房地产管理法》第三十八条第（二）项 (no transfer) and 《民法典》第三百九十九条第（五）项 (no mortgage);
   * a burden set on seized property cannot stand against the court either.
   */
  barredBySeizure: boolean;
  /** Legal time limit in working days: 《不动产登记暂行条例》第二十条, 30 for every kind (no law sets another). */
  legalDays: number;
};

/** 《不动产登记暂行条例》第二十条: 自受理登记申请之日起30个工作日内办结，法律另有规定的除外. */
export const LEGAL_DAYS = 30;

export const BUSINESS_KINDS: Record<BusinessKind, BusinessKindInfo> = {
  first: { code: '100', name: '首次登记', name2008: '初始登记', right: 'ownership', joint: false, disposes: false, barredBySeizure: false, legalDays: LEGAL_DAYS },
  transfer: { code: '200', name: '转移登记', name2008: '转移登记', right: 'ownership', joint: true, disposes: true, barredBySeizure: true, legalDays: LEGAL_DAYS },
  change: { code: '300', name: '变更登记', name2008: '变更登记', right: 'ownership', joint: false, disposes: false, barredBySeizure: false, legalDays: LEGAL_DAYS },
  cancel: { code: '400', name: '注销登记', name2008: '注销登记', right: 'ownership', joint: false, disposes: true, barredBySeizure: true, legalDays: LEGAL_DAYS },
  correction: { code: '500', name: '更正登记', name2008: '更正登记', right: 'ownership', joint: false, disposes: false, barredBySeizure: false, legalDays: LEGAL_DAYS },
  objection: { code: '600', name: '异议登记', name2008: '异议登记', right: 'objection', joint: false, disposes: false, barredBySeizure: false, legalDays: LEGAL_DAYS },
  'advance-notice': { code: '700', name: '预告登记', name2008: '预告登记', right: 'advance-notice', joint: true, disposes: false, barredBySeizure: true, legalDays: LEGAL_DAYS },
  seizure: { code: '800', name: '查封登记', name2008: '协助执行（查封）', right: 'seizure', joint: false, disposes: false, barredBySeizure: false, legalDays: LEGAL_DAYS },
  other: { code: '900', name: '其他登记（地役权等）', name2008: '其他登记', right: 'other', joint: false, disposes: false, barredBySeizure: true, legalDays: LEGAL_DAYS },
  'mortgage-first': { code: '100', name: '抵押权首次登记', name2008: '抵押权设立登记', right: 'mortgage', joint: true, disposes: true, barredBySeizure: true, legalDays: LEGAL_DAYS },
  'mortgage-change': { code: '300', name: '抵押权变更登记', name2008: '抵押权变更登记', right: 'mortgage', joint: true, disposes: false, barredBySeizure: true, legalDays: LEGAL_DAYS },
  'mortgage-transfer': { code: '200', name: '抵押权转移登记', name2008: '抵押权转移登记', right: 'mortgage', joint: true, disposes: false, barredBySeizure: true, legalDays: LEGAL_DAYS },
  'mortgage-cancel': { code: '400', name: '抵押权注销登记', name2008: '抵押权注销登记', right: 'mortgage', joint: false, disposes: false, barredBySeizure: false, legalDays: LEGAL_DAYS },
};

export const BUSINESS_KIND_KEYS = Object.keys(BUSINESS_KINDS) as BusinessKind[];

export function isBusinessKind(value: string): value is BusinessKind {
  return Object.hasOwn(BUSINESS_KINDS, value);
}

/**
 * Finds a kind by key, current or 2008 Chinese name, or code. A bare code names the ownership kind
 * (`200` → transfer); mortgage kinds are found by their names or keys.
 */
export function findBusinessKind(query: string): BusinessKind | undefined {
  const q = query.trim();
  if (isBusinessKind(q)) return q;
  const byName = BUSINESS_KIND_KEYS.find((k) => BUSINESS_KINDS[k].name === q || BUSINESS_KINDS[k].name2008 === q);
  if (byName) return byName;
  return BUSINESS_KIND_KEYS.find((k) => BUSINESS_KINDS[k].code === q && BUSINESS_KINDS[k].right !== 'mortgage');
}
