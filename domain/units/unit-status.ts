import { BUSINESS_KINDS, type BusinessKind } from '#domain/business/business-kinds.ts';
import { type Result, err, ok } from '#domain/result.ts';

/**
 * A unit's status flags as the office last reported them (Mignet/realestate `bd_reg_unit_status` pattern,
 * domain.md §1.5), with the time of that snapshot. Same keys as the `units` document flags.
 */
export type UnitStatus = {
  seized: boolean; // 查封
  mortgaged: boolean; // 抵押
  advanceNotice: boolean; // 预告
  inProgress: boolean; // 在办
  objection?: boolean; // 异议
  snapshotAt: string; // ISO time of the office snapshot
};

export type UnitBlock = 'seized' | 'advance-notice' | 'in-progress' | 'snapshot-too-old' | 'snapshot-invalid';
export type UnitRequirement = 'mortgagee-consent' | 'advance-notice-holder-consent' | 'objection-risk-undertaking';
export type UnitWarning = 'snapshot-stale' | 'provisional';

export const UNIT_BLOCK_TEXT: Record<UnitBlock, string> = {
  seized: '该不动产已被依法查封，查封期间不能办理转移、抵押或注销等处分登记（《房屋登记办法》第二十二条）',
  'advance-notice': '该不动产已办理预告登记，未经预告登记权利人书面同意不能处分（《实施细则》第八十五条）',
  'in-progress': '该不动产有正在办理的登记业务，办结前不能再办理处分登记',
  'snapshot-too-old': '车上的不动产状态信息已过期，请联网更新后再受理',
  'snapshot-invalid': '不动产状态信息的时间无效，请联网更新',
};

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

/** Kinds that change who holds or what burdens the right: blocked by 查封 (the brief and 办法 第22条(六)). */
function affectedBySeizure(kind: BusinessKind): boolean {
  const info = BUSINESS_KINDS[kind];
  return info.disposes || kind === 'mortgage-transfer' || kind === 'mortgage-change';
}

/**
 * Whether an application of `kind` may go ahead on a unit in `status` (domain.md §1.5): 查封 blocks transfer,
 * mortgage and cancellation; 预告 (without the holder's consent) and 在办 block any disposal; 抵押 needs the
 * mortgagee's consent; 异议 needs a written risk undertaking. Every offline acceptance is provisional.
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
  // 查封登记 itself and registrations that do not dispose (更正, 异议, 变更 of a name) are never blocked by flags.
  if (kind !== 'seizure') {
    if (status.seized && affectedBySeizure(kind)) blocks.push('seized');
    if (info.disposes) {
      if (status.inProgress) blocks.push('in-progress');
      if (status.advanceNotice) {
        if (options.consents?.advanceNoticeHolder) requirements.push('advance-notice-holder-consent');
        else blocks.push('advance-notice');
      }
      if (status.mortgaged && info.right === 'ownership') requirements.push('mortgagee-consent');
      if (status.objection) requirements.push('objection-risk-undertaking');
    }
  }
  if (blocks.length > 0) return err(blocks);
  return ok({ requirements, warnings, needsMortgageeConsent: requirements.includes('mortgagee-consent') && !options.consents?.mortgagee });
}
