import { assertNever } from '#domain/assert.ts';
import { type DecisionError, type StatusCategory, type BuildingStatus } from './building-status.ts';
import { type EstimateError, type StreetClass, type TablesError } from './compensation.ts';
import { type RegionError } from './geometry.ts';
import { type BuildingUse } from './region-summary.ts';

/** The Chinese words of the map query, shared by the office page, its PDF and its Excel export. */
export const STATUS_TEXT: Record<BuildingStatus, string> = {
  registered: '已登记',
  unregistered: '未登记',
  temporary: '临时建筑',
  illegal: '违法建筑',
};

export const CATEGORY_TEXT: Record<StatusCategory, string> = {
  registered: '已登记',
  'temporary-valid': '临时建筑（批准期限内）',
  unregistered: '未登记（待调查认定）',
  'temporary-expired': '临时建筑（已超过批准期限）',
  illegal: '违法建筑',
};

export const USE_TEXT: Record<BuildingUse, string> = { residential: '住宅', commercial: '商业', office: '办公', industrial: '工业仓储' };

export const STREET_CLASS_TEXT: Record<StreetClass, string> = { arterial: '主干路', secondary: '次干路', branch: '支路' };

/** The articles the estimate rests on, quoted where the estimate is shown or printed. */
export const LAW = '《国有土地上房屋征收与补偿条例》';
export const ARTICLE_TEXT = {
  value: `${LAW}第十九条：被征收房屋价值的补偿，不得低于房屋征收决定公告之日被征收房屋类似房地产的市场价格，由具有相应资质的房地产价格评估机构评估确定。本估算按本局设定的评估单价表计算。`,
  allowances: `${LAW}第十七条：补偿包括被征收房屋价值的补偿，因征收房屋造成的搬迁、临时安置的补偿，以及停产停业损失的补偿（停产停业损失不在本估算内）。`,
  unregistered: `${LAW}第二十四条第二款：作出房屋征收决定前，应当对征收范围内未经登记的建筑进行调查、认定和处理；认定为合法建筑和未超过批准期限的临时建筑的，应当给予补偿。`,
  noCompensation: `${LAW}第二十四条第二款：对认定为违法建筑和超过批准期限的临时建筑的，不予补偿。`,
} as const;

export function regionErrorText(e: RegionError): string {
  switch (e) {
    case 'too-few-points':
      return '区域至少需要三个不同的顶点，请重新绘制。';
    case 'too-many-points':
      return '区域顶点过多，请简化后重新绘制。';
    case 'not-a-number':
      return '区域坐标不是有效数字，请重新绘制。';
    case 'out-of-range':
      return '区域坐标超出经纬度范围，请重新绘制。';
    case 'self-intersecting':
      return '区域边界自相交，无法确定范围，请重新绘制（边界不要交叉）。';
    case 'zero-area':
      return '区域面积为零，请重新绘制。';
    default:
      return assertNever(e, 'region error');
  }
}

export function decisionErrorText(e: DecisionError): string {
  switch (e) {
    case 'no-decider':
      return '请填写认定机关或认定人。';
    case 'no-basis':
      return '请填写认定依据（证书号、许可证号或认定文书号）。';
    case 'bad-day':
      return '认定日期格式不对，应为 YYYY-MM-DD。';
    case 'period-missing':
      return '临时建筑须填写批准期限的截止日期。';
    case 'period-not-allowed':
      return '只有临时建筑才有批准期限。';
    case 'period-before-decision':
      return '批准期限的截止日期不能早于认定日期。';
    default:
      return assertNever(e, 'decision error');
  }
}

export function tablesErrorText(e: TablesError): string {
  switch (e.code) {
    case 'duplicate-rate':
      return `评估单价表中“${e.zone} · ${USE_TEXT[e.use]}”重复出现，请只保留一行。`;
    case 'bad-zone':
      return `区片名称“${e.zone}”不合格：只能是 1–20 个汉字、字母或数字。`;
    case 'bad-months':
      return `临时安置月数须为 0 到 120 之间的整数（现为 ${e.months}）。`;
    default:
      return assertNever(e, 'tables error');
  }
}

export function estimateErrorText(e: EstimateError): string {
  switch (e.code) {
    case 'rate-missing':
      return `评估单价表缺少以下区片和用途的单价，无法估算：${e.missing.map((m) => `${m.zone} · ${USE_TEXT[m.use]}（${m.count} 栋）`).join('，')}。请先在“征收估算单价表”中补齐。`;
    case 'too-large':
      return '估算金额超过系统上限（一千亿元），请缩小区域后分片估算。';
    default:
      return assertNever(e, 'estimate error');
  }
}
