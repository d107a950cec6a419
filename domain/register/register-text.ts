import { assertNever } from '#domain/assert.ts';
import { PROPERTY_USE_TEXT } from '#domain/business/business-kinds.ts';
import { fen, formatYuanWithSign } from '#domain/money.ts';
import { type Holder, type Holding, type OwnershipCause, type RegisterEntry, type RegisterEntryKind, type Structure } from './entries.ts';
import { type RegisterStatus } from './project.ts';
import { type CourtActRefusal, type SeizureStanding } from './seizures.ts';

/** The register's words, in one place for the office pages, the documents and the van. */

export const ENTRY_KIND_TEXT: Record<RegisterEntryKind, string> = {
  'unit-established': '不动产单元设立',
  'natural-changed': '自然状况变更',
  'ownership-registered': '所有权登记',
  'ownership-cancelled': '所有权注销',
  'mortgage-registered': '抵押权登记',
  'mortgage-cancelled': '抵押权注销',
  'advance-notice-registered': '预告登记',
  'advance-notice-cancelled': '预告登记注销',
  'objection-registered': '异议登记',
  'objection-cancelled': '异议登记注销',
  'seizure-recorded': '查封登记',
  'seizure-renewed': '续封',
  'seizure-lifted': '解除查封',
  'contract-filed': '合同备案',
  'contract-filing-cancelled': '合同备案注销',
  'case-registered': '登簿',
};

export const OWNERSHIP_CAUSE_TEXT: Record<OwnershipCause, string> = {
  first: '首次登记',
  transfer: '转移登记',
  change: '变更登记',
  correction: '更正登记',
  legacy: '历史档案导入',
};

export const STRUCTURE_TEXT: Record<Structure, string> = {
  steel: '钢结构',
  'steel-concrete': '钢和钢筋混凝土结构',
  'reinforced-concrete': '钢筋混凝土结构',
  mixed: '混合结构',
  'brick-wood': '砖木结构',
  other: '其他结构',
};

export const REGISTER_STATUS_TEXT: Record<RegisterStatus, string> = {
  seized: '查封',
  mortgaged: '抵押',
  filed: '已备案',
  registered: '已登记',
  vacant: '无登记权利人',
};

export const SEIZURE_STANDING_TEXT: Record<SeizureStanding, string> = {
  effective: '查封中',
  waiting: '轮候查封',
  lifted: '已解封',
  lapsed: '期限届满失效',
};

export function holdingText(h: Holding): string {
  switch (h.kind) {
    case 'sole':
      return '单独所有';
    case 'joint':
      return '共同共有';
    case 'shares':
      return `按份共有 ${h.share}`;
    default:
      return assertNever(h, 'holding');
  }
}

export const holdersText = (holders: readonly Holder[]): string => holders.map((h) => `${h.name}（${holdingText(h.holding)}）`).join('、');

export const COURT_ACT_REFUSAL_TEXT: Record<CourtActRefusal, string> = {
  'document-incomplete': '请填写法院、协助执行通知书文号、裁定书文号和送达时间',
  'delivered-in-future': '送达时间晚于当前时间，请核对',
  'delivered-out-of-order': '送达时间早于本单元已登记的法院文书：登记簿按送达先后记载（《不动产登记暂行条例实施细则》第九十一条），请核对送达时间',
  'respondent-missing': '请填写被执行人',
  'period-missing': '本单元当前未被查封，本次为查封：请填写裁定的查封起止日期',
  'term-missing': '本单元已被查封，本次为轮候查封：请填写裁定的查封期限（月），自转为查封之日起计算',
  'period-invalid': '查封期限无效：请核对起止日期或月数',
  'period-too-long': '查封不动产的期限不得超过三年，续封每次也不得超过三年（《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第四百八十五条）',
  'period-over': '裁定的查封期限在送达时已届满，不能登记',
  'unknown-seizure': '本单元没有这项查封',
  'not-effective': '轮候查封尚未生效，不能续封；转为查封后再办理续封',
  'already-ended': '该查封已经解除，不能再办理',
  lapsed: '该查封期限已届满且未续封，效力已消灭（《最高人民法院关于人民法院民事执行中查封、扣押、冻结财产的规定》第二十七条），不能续封或解封；如需继续查封，应重新查封',
  'renewal-not-later': '续封的截止日期应晚于原查封的截止日期',
  'reason-required': '请填写解封原因',
};

/** A certificate number that 缮证 has not given yet. */
export const PENDING_NUMBER = '待缮证';

const yuan = (amount: number | null) => (amount === null ? '未记载' : formatYuanWithSign(fen(amount)));

/** One line of the register's history. */
export function describeEntry(e: RegisterEntry): string {
  switch (e.kind) {
    case 'unit-established':
    case 'natural-changed':
      return `${e.natural.address}，${e.natural.floor}/${e.natural.totalFloors}层，${e.natural.areaM2} m²，${STRUCTURE_TEXT[e.natural.structure]}，${PROPERTY_USE_TEXT[e.natural.use]}`;
    case 'ownership-registered':
      return `${OWNERSHIP_CAUSE_TEXT[e.cause]}：${holdersText(e.holders)}；证号 ${e.certificateNumber ?? PENDING_NUMBER}`;
    case 'ownership-cancelled':
    case 'mortgage-cancelled':
    case 'advance-notice-cancelled':
    case 'objection-cancelled':
    case 'contract-filing-cancelled':
      return `原因：${e.reason}`;
    case 'mortgage-registered':
      return `抵押权人 ${e.mortgagee}，${e.maximum ? '最高债权额' : '被担保主债权数额'} ${yuan(e.amountFen)}，债务履行期限 ${e.termFrom ?? '未记载'} 至 ${e.termTo ?? '未记载'}；证明号 ${e.certificateNumber ?? PENDING_NUMBER}`;
    case 'advance-notice-registered':
      return `预告登记权利人 ${holdersText(e.holders)}；证明号 ${e.certificateNumber ?? PENDING_NUMBER}`;
    case 'case-registered':
      return e.note;
    case 'objection-registered':
      return `申请人 ${e.applicant}：${e.matter}`;
    case 'seizure-recorded':
      return `${e.document.court} ${e.document.noticeNumber}（裁定 ${e.document.rulingNumber}），被执行人 ${e.respondent}，${
        e.from !== null && e.to !== null ? `期限 ${e.from} 至 ${e.to}` : `轮候，期限 ${e.termMonths ?? 36} 个月自转为查封之日起`
      }`;
    case 'seizure-renewed':
      return `${e.document.court} ${e.document.noticeNumber}：续封至 ${e.to}`;
    case 'seizure-lifted':
      return `${e.document.court} ${e.document.noticeNumber}：解除查封，原因：${e.reason}`;
    case 'contract-filed':
      return `合同 ${e.contractNumber}，买受人 ${e.buyers.join('、')}，备案日期 ${e.filedOn}`;
    default:
      return assertNever(e, 'register entry');
  }
}
