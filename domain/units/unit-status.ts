import { BUSINESS_KINDS, type BusinessKind } from '#domain/business/business-kinds.ts';
import { type FiledContract, FILED_UNIT_BASIS, filedUnitStop } from '#domain/market/filed-unit.ts';
import { type Result, err, ok } from '#domain/result.ts';

/**
 * A unit's status flags as the office last reported them (one status row per 不动产单元, checked before 受理
 * and again before 登簿), with the time of that snapshot. Same keys as the `units` document flags.
 */
export type UnitStatus = {
  seized: boolean; // 查封
  mortgaged: boolean; // 抵押
  advanceNotice: boolean; // 预告
  inProgress: boolean; // 在办
  objection?: boolean; // 异议
  /** The sales contract filed online for the unit (网签备案), from the snapshot's register summary; none if absent. */
  contractFiling?: FiledContract | null;
  snapshotAt: string; // ISO time of the office snapshot
};

export type UnitBlock = 'seized' | 'advance-notice' | 'in-progress' | 'filed-contract' | 'no-mortgage' | 'snapshot-too-old' | 'snapshot-invalid';
export type UnitRequirement = 'mortgagee-consent' | 'advance-notice-holder-consent' | 'objection-risk-undertaking';
export type UnitWarning = 'snapshot-stale' | 'provisional';

export const UNIT_BLOCK_TEXT: Record<UnitBlock, string> = {
  seized: '该不动产已被依法查封，查封期间不能办理转移、抵押、预告、地役权等登记',
  'advance-notice': '该不动产已办理预告登记，未经预告登记权利人书面同意不能处分或再次办理预告登记',
  'in-progress': '该不动产有正在办理的登记业务，办结前不能再办理处分登记',
  'filed-contract': '该房屋已网签备案，尚未办理转移登记，不能办理抵押权首次登记：购房贷款由贷款银行在合同备案系统办理预抵押',
  'no-mortgage': '该不动产没有抵押登记，不能办理抵押权变更、转移或注销登记：请核对不动产单元和业务类型；如刚办理抵押，请联网更新状态后再受理',
  'snapshot-too-old': '车上的不动产状态信息已过期，请联网更新后再受理',
  'snapshot-invalid': '不动产状态信息的时间无效，请联网更新',
};

/**
 * The law a block rests on, printed on the 不予受理告知书 beside the reason. 在办 is the office's own lock (the
 * earlier application must finish first) and cites no article; a stale snapshot is no refusal at all: the van
 * must update before it can decide.
 */
export const UNIT_BLOCK_BASIS: Partial<Record<UnitBlock, string>> = {
  seized: '《中华人民共和国城市房地产管理法》第三十八条第（二）项、《中华人民共和国民法典》第三百九十九条第（五）项',
  'advance-notice': '《中华人民共和国民法典》第二百二十一条、《不动产登记暂行条例实施细则》第八十五条',
  'filed-contract': FILED_UNIT_BASIS,
};

/** What a block tells the applicant about this unit: the filed-unit stop names its contract, as the office's does. */
export function unitBlockText(block: UnitBlock, kind: BusinessKind, status: UnitStatus): string {
  return (block === 'filed-contract' ? filedUnitStop(kind, status.contractFiling) : null) ?? UNIT_BLOCK_TEXT[block];
}

export const UNIT_REQUIREMENT_TEXT: Record<UnitRequirement, string> = {
  'mortgagee-consent': '该不动产已抵押：须提交抵押权人同意处分的书面材料',
  'advance-notice-holder-consent': '该不动产已办理预告登记：已收预告登记权利人的书面同意',
  'objection-risk-undertaking': '该不动产存在异议登记：须告知申请人，并由其书面承诺自担风险',
};

export const UNIT_WARNING_TEXT: Record<UnitWarning, string> = {
  'snapshot-stale': '车上的不动产状态信息已超过一天，受理后将在同步时重新核查',
  provisional: '离线受理为临时受理：同步时和登簿前将重新核查查封等状态',
};

export type UnitCheckOptions = {
  /** Now, ISO; comes in (domain never reads the clock). */
  now: string;
  /** Written consents already received. */
  consents?: { mortgagee?: boolean; advanceNoticeHolder?: boolean };
  /** Older than this the acceptance is flagged; default 24 h. */
  staleAfterHours?: number;
  /** Older than this the van may not accept; default 7 days (one trip). */
  refuseAfterHours?: number;
};

export type UnitCheckPass = { requirements: UnitRequirement[]; warnings: UnitWarning[]; needsMortgageeConsent: boolean };

const HOUR_MS = 3_600_000;

/** 抵押权变更、转移、注销登记 act on a recorded mortgage (《不动产登记暂行条例实施细则》抵押权登记一节): with none on the unit there is nothing to act on. */
const ON_EXISTING_MORTGAGE: ReadonlySet<BusinessKind> = new Set<BusinessKind>(['mortgage-change', 'mortgage-transfer', 'mortgage-cancel']);

/**
 * Whether an application of `kind` may go ahead on a unit in `status`: 查封 bars transferring or burdening the
 * right (`barredBySeizure`: 城市房地产管理法 第三十八条第（二）项, 民法典 第三百九十九条第（五）项); 预告 bars a
 * disposal and a second 预告 without the 预告 holder's written consent (民法典 第二百二十一条, 实施细则 第八十五条);
 * 在办 blocks any disposal; a home under a filed sales contract takes no 抵押权首次登记 (`filedUnitStop`, the rule
 * the office applies at 登簿: refused at intake, since the case could never be registered as applied for);
 * 抵押 needs the mortgagee's consent; 异议 needs a written risk undertaking. Every offline acceptance is
 * provisional: the office checks again at sync and before 登簿.
 */
export function canProceed(kind: BusinessKind, status: UnitStatus, options: UnitCheckOptions): Result<UnitCheckPass, UnitBlock[]> {
  const info = BUSINESS_KINDS[kind];
  const blocks: UnitBlock[] = [];
  const requirements: UnitRequirement[] = [];
  const warnings: UnitWarning[] = ['provisional'];
  const taken = Date.parse(status.snapshotAt);
  const now = Date.parse(options.now);
  if (Number.isNaN(taken) || Number.isNaN(now) || taken > now + 5 * 60_000) {
    blocks.push('snapshot-invalid');
  } else {
    const ageHours = (now - taken) / HOUR_MS;
    if (ageHours > (options.refuseAfterHours ?? 24 * 7)) blocks.push('snapshot-too-old');
    else if (ageHours > (options.staleAfterHours ?? 24)) warnings.push('snapshot-stale');
  }
  // 查封登记 itself (轮候查封) and registrations that neither move nor burden the right (更正, 异议, a name change)
  // are never stopped by the flags.
  if (status.seized && info.barredBySeizure) blocks.push('seized');
  if (info.disposes && status.inProgress) blocks.push('in-progress');
  if (filedUnitStop(kind, status.contractFiling) !== null) blocks.push('filed-contract');
  if (ON_EXISTING_MORTGAGE.has(kind) && !status.mortgaged) blocks.push('no-mortgage');
  if ((info.disposes || kind === 'advance-notice') && status.advanceNotice) {
    if (options.consents?.advanceNoticeHolder) requirements.push('advance-notice-holder-consent');
    else blocks.push('advance-notice');
  }
  if (info.disposes) {
    if (status.mortgaged && info.right === 'ownership') requirements.push('mortgagee-consent');
    if (status.objection) requirements.push('objection-risk-undertaking');
  }
  if (blocks.length > 0) return err(blocks);
  return ok({ requirements, warnings, needsMortgageeConsent: requirements.includes('mortgagee-consent') && !options.consents?.mortgagee });
}
