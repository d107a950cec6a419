import { assertNever } from '#domain/assert.ts';
import { areaFigure } from '#domain/city/figures.ts';
import { RESIDENT_ID_ERROR_TEXT, type ResidentIdError } from '#domain/identity/resident-id.ts';
import { formatAreaM2 } from '#domain/map/region-summary.ts';
import { formatYuanText } from '#domain/money.ts';
import { type PermitError, type PermitKind, type SaleBasisError } from './building-table.ts';
import { type DraftProblem, FILE_WITHIN_DAYS, type PaymentMethod, type PricingBasis } from './contract.ts';
import { type FilingEventKind, type FilingRefusal, type FilingStatus, MIN_FILING_REASON_CHARS } from './filing.ts';
import { type AutoCheckItem, type EndReason, type ListingInputProblem, type ListingKind, type ListingStatus, type VerifyItem, type VerifyRefusal } from './listing.ts';
import { type NewFilingRefusal } from './new-filing.ts';
import { type SaleStatus } from './sales-table.ts';

/** The Chinese words of contract filing and the trading market, shared by the portals, the office pages and the public pages. */

export const wanYuanText = (fen: number): string => `${(fen / 1_000_000).toFixed(2)} 万元`;
/** One unit's area, as its contract and its table cell write it: "89.60 m²". */
export const areaText = (dm2: number): string => `${formatAreaM2(dm2)} m²`;
/** A sum of units' areas (a month's sales, a permit's supply), grouped by thousands like the yuan beside it: "12,573.60 m²". */
export const totalAreaText = (dm2: number): string => `${areaFigure(dm2)} m²`;
export const pricePerM2Text = (fen: number | null): string => (fen === null ? '—' : `${Math.round(fen / 100).toLocaleString('zh-CN')} 元/m²`);

export const PERMIT_KIND_TEXT: Record<PermitKind, string> = { presale: '商品房预售许可证', completion: '竣工验收备案（现售）' };

export const SALE_BASIS_TEXT: Record<SaleBasisError, string> = {
  'no-permit': '该房屋不在任何预售许可或竣工验收备案范围内，不得销售（《城市房地产管理法》第四十五条）。',
  'permit-not-yet': '预售许可证的发证日期尚未到，暂不得销售。',
  'permit-revoked': '该房屋所在楼栋的预售许可已被撤销或注销，不得销售。',
  withheld: '该房屋为开发企业保留（不可售）房源。',
};

export const PERMIT_ERROR_TEXT: Record<PermitError, string> = {
  'number-empty': '请填写许可证号或备案号。',
  'no-buildings': '请至少选择一栋许可范围内的楼栋。',
  'unknown-building': '所选楼栋不属于该项目。',
  'issued-in-future': '发证日期不能晚于今天。',
  'number-taken': '该许可证号已经登记过，请核对。',
};

export const PAYMENT_METHOD_TEXT: Record<PaymentMethod, string> = { 'lump-sum': '一次性付款', instalments: '分期付款', loan: '贷款方式付款', other: '其他方式' };
export const PRICING_BASIS_TEXT: Record<PricingBasis, string> = { 'building-area': '按建筑面积计算', 'inner-area': '按套内建筑面积计算', 'per-set': '按套计算' };
export const LOAN_KIND_TEXT = { commercial: '商业贷款', 'provident-fund': '住房公积金贷款', combined: '组合贷款' } as const;

export function draftProblemText(p: DraftProblem): string {
  const who = (i: number) => `第 ${i + 1} 位买受人`;
  switch (p.code) {
    case 'no-buyers':
      return '请至少填写一位买受人。';
    case 'too-many-buyers':
      return '买受人不能超过 10 位。';
    case 'buyer-name':
      return `${who(p.index)}：请填写姓名。`;
    case 'buyer-id':
      return `${who(p.index)}：${p.detail in RESIDENT_ID_ERROR_TEXT ? RESIDENT_ID_ERROR_TEXT[p.detail as ResidentIdError] : '证件号码不完整'}。`;
    case 'buyer-twice':
      return `${who(p.index)}：与前面的买受人证件号码相同。`;
    case 'buyer-phone':
      return `${who(p.index)}：请填写有效的手机或固定电话号码。`;
    case 'shares':
      return p.detail === 'sum' ? '按份共有的份额合计应为 1（例如 1/2 与 1/2）。' : p.detail === 'format' ? '份额请写成分数，例如 1/2。' : '多位买受人要么都写份额（按份共有），要么都不写（共同共有）；单独购买不写份额。';
    case 'template':
      return `该房屋应使用${p.expected === 'GF-2014-0171' ? '《商品房买卖合同（预售）示范文本》GF-2014-0171' : '《商品房买卖合同（现售）示范文本》GF-2014-0172'}。`;
    case 'area':
      return `建筑面积应与楼盘表一致（${areaText(p.expectedDm2)}）。`;
    case 'inner-area':
      return '按套内建筑面积计价时，请填写套内建筑面积（不大于建筑面积）。';
    case 'price-missing':
      return '请填写单价和总价款。';
    case 'total':
      return `总价款与单价×面积不符，应为 ${formatYuanText(p.expectedFen)}。`;
    case 'payment-sum':
      return `各期付款合计 ${formatYuanText(p.gotFen)}，应等于总价款 ${formatYuanText(p.expectedFen)}。`;
    case 'payment-date':
      return p.field === 'text' ? '请写明其他付款方式的具体约定。' : '付款日期不能早于签订日期。';
    case 'lender':
      return '贷款方式付款请填写贷款机构。';
    case 'delivery-before-signing':
      return '交付日期不能早于签订日期。';
    case 'date-missing':
      return p.field === 'signedOn' ? '请填写签订日期（年-月-日）。' : '请填写交付日期（年-月-日）。';
    case 'signed-in-future':
      return '签订日期不能晚于今天。';
    case 'signed-too-long-ago':
      return `合同签订已 ${p.days} 天，超过 ${FILE_WITHIN_DAYS} 日的备案期限（《城市商品房预售管理办法》第十条），请到登记中心窗口说明情况后办理。`;
    default:
      return assertNever(p, 'draft problem');
  }
}

export function newFilingRefusalText(r: NewFilingRefusal): string {
  switch (r.code) {
    case 'not-own-unit':
      return '该房屋不属于贵公司的项目。';
    case 'not-for-sale':
      return SALE_BASIS_TEXT[r.basis];
    case 'seized':
      return `该房屋已被${r.court}查封（${r.noticeNumber}），不得销售（《城市房地产管理法》第三十八条第（二）项）。`;
    case 'advance-notice':
      return '该房屋已有预告登记，未经预告权利人同意不得另行出售（《民法典》第二百二十一条）。';
    case 'already-filed':
      return `该房屋已有网签备案合同 ${r.contractNumber}，一房不得二卖；如需重新签约，须先由双方申请注销该备案。`;
    case 'draft':
      return r.problems.map(draftProblemText).join('');
    default:
      return assertNever(r, 'new filing refusal');
  }
}

export const FILING_REFUSAL_TEXT: Record<FilingRefusal, string> = {
  'not-active': '该备案已注销或已办结，不能再办理。',
  'not-allowed': '您无权办理此项业务。',
  'reason-missing': `请写明原因（至少 ${MIN_FILING_REASON_CHARS} 个字）。`,
  'consent-missing': '变更须经全部买受人同意：请每位买受人在读卡器上刷身份证，或到登记中心窗口确认。',
  'not-a-buyer': '该身份证件不是本合同的买受人。',
  'already-consented': '该买受人已经确认过。',
  'cancel-pending': '该备案正在申请注销，请先处理注销申请。',
  'no-cancel-pending': '开发企业尚未申请注销该备案。',
  'pre-mortgaged': '该房屋已由银行办理预抵押，须由银行先解除预抵押后，双方方可协商注销备案。',
  'already-pre-mortgaged': '该备案已办理预抵押，不能重复办理。',
  'no-pre-mortgage': '该备案没有贵行的预抵押。',
  'loan-too-large': '贷款金额应大于零且不超过合同总价款。',
  'mortgage-contract-missing': '请填写抵押合同编号。',
  'court-document-missing': '请填写法院名称和法律文书文号。',
  'nothing-changed': '没有需要变更的内容。',
  'unit-fixed': '合同的房屋不能变更；如需换房，须注销本备案后重新签约。',
};

export const FILING_STATUS_TEXT: Record<FilingStatus, string> = { active: '已备案', cancelled: '已注销', closed: '已办结（已转移登记）' };

export const FILING_EVENT_TEXT: Record<FilingEventKind, string> = {
  filed: '网签备案',
  changed: '合同变更',
  'cancellation-requested': '申请注销',
  'cancellation-consented': '买受人同意注销',
  'cancellation-withdrawn': '撤回注销申请',
  cancelled: '备案注销',
  'pre-mortgage-recorded': '银行预抵押',
  'pre-mortgage-released': '解除预抵押',
  closed: '转移登记登簿，备案办结',
};

export const COURT_DOCUMENT_TEXT = { judgment: '判决书', ruling: '裁定书', mediation: '调解书', 'assistance-notice': '协助执行通知书' } as const;

export const SALE_STATUS_TEXT: Record<SaleStatus, string> = { 'for-sale': '可售', filed: '已网签', sold: '已登记', seized: '查封', 'not-for-sale': '不可售' };

export const LISTING_KIND_TEXT: Record<ListingKind, string> = { 'second-hand': '二手房', 'new-home': '新建商品房' };
export const LISTING_STATUS_TEXT: Record<ListingStatus, string> = { refused: '未通过自动核验', verifying: '核验中', published: '已发布', rejected: '核验未通过', ended: '已下架' };
export const END_REASON_TEXT: Record<EndReason, string> = { sold: '已成交（产权已转移）', seized: '房屋被查封', filed: '房屋已网签备案', withdrawn: '委托人撤回' };

export const AUTO_CHECK_TEXT: Record<AutoCheckItem, { name: string; failed: string }> = {
  registered: { name: '已办理不动产登记', failed: '登记簿中没有该房屋的所有权登记，未登记的房屋不得转让（《城市房地产管理法》第三十八条第（六）项）。' },
  holder: { name: '出售人为登记簿记载的全部权利人', failed: '出售人与登记簿记载的权利人不一致；共有房屋须全部共有人共同出售（《城市房地产管理法》第三十八条第（四）项）。' },
  seizure: { name: '无查封', failed: '该房屋已被法院查封（含轮候查封），不得转让（《城市房地产管理法》第三十八条第（二）项）。' },
  filing: { name: '无网签备案', failed: '该房屋已有网签备案合同，不得再挂牌出售。' },
  'advance-notice': { name: '无预告登记', failed: '该房屋有预告登记，未经预告权利人同意不得处分（《民法典》第二百二十一条）。' },
  area: { name: '面积与登记簿一致', failed: '挂牌面积与登记簿记载的建筑面积不一致。' },
};

export const VERIFY_ITEM_TEXT: Record<VerifyItem, string> = {
  identity: '出售人身份证件与登记簿权利人一致',
  certificate: '不动产权证书原件与登记簿一致',
  commission: '出售委托书（经纪机构）或本人申请真实有效',
  condition: '房屋状况（用途、楼层、户型、面积）与说明一致',
  price: '挂牌价格经委托人书面确认',
};

export const VERIFY_REFUSAL_TEXT: Record<VerifyRefusal, string> = {
  'not-verifying': '该房源不在核验中。',
  'already-verified': '该项已经核验过。',
  'note-missing': '核验不通过时请写明原因（至少 4 个字），提交人会收到这一说明。',
};

export function listingInputText(p: ListingInputProblem): string {
  switch (p.code) {
    case 'no-sellers':
      return '请填写出售人（登记簿记载的全部权利人）。';
    case 'seller-name':
      return `第 ${p.index + 1} 位出售人：请填写姓名。`;
    case 'seller-id':
      return `第 ${p.index + 1} 位出售人：${p.detail in RESIDENT_ID_ERROR_TEXT ? RESIDENT_ID_ERROR_TEXT[p.detail as ResidentIdError] : '证件号码不正确'}。`;
    case 'price':
      return '请填写挂牌总价。';
    case 'area':
      return '请填写建筑面积（平方米，最多两位小数）。';
    case 'layout':
      return '请填写户型（室、厅）。';
    case 'floor':
      return '所在楼层应在 1 至总层数之间（地下层写负数）。';
    case 'place':
      return '请填写小区或道路、楼栋（不写房号）。';
    case 'description':
      return '房源描述不能超过 500 字。';
    default:
      return assertNever(p, 'listing input problem');
  }
}
