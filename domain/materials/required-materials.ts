import { BUSINESS_KINDS, type BusinessKind } from '#domain/business/business-kinds.ts';

/**
 * One item of the 收件 list (domain.md §1.4): name, whether the original must be shown and kept (原件) or a
 * copy suffices (复印件), and how many. Pages are counted when received, not prescribed.
 */
export type MaterialSpec = {
  key: string;
  name: string;
  original: boolean;
  count: number;
  note?: string;
};

/** Facts about the application that add materials (代理人, 未成年人, 抵押中的转让 …). */
export type MaterialCircumstances = {
  /** Applied through an agent: 授权委托书 + 代理人身份证明 (条例 第16条). */
  agent?: boolean;
  /** A minor's property: guardian applies (办法 第14条). */
  minor?: boolean;
  /** The unit is mortgaged and being disposed of: 抵押权人同意 (domain.md §1.5). */
  mortgaged?: boolean;
  /** The unit carries a 预告 and its holder consents. */
  advanceNoticeConsent?: boolean;
  /** Several applicants: one identity proof each. */
  applicants?: number;
};

const m = (key: string, name: string, original: boolean, note?: string): MaterialSpec => ({ key, name, original, count: 1, ...(note ? { note } : {}) });

const CERTIFICATE = m('ownership-certificate', '不动产权属证书（房屋所有权证）', true);
const MORTGAGE_PROOF = m('mortgage-certificate', '不动产登记证明（抵押权）或房屋他项权证', true);

/** Per kind, beyond 申请书 and 身份证明 (条例 第16条; 实施细则; 办法 第30、43、44条; domain.md §1.4). */
const BY_KIND: Record<BusinessKind, readonly MaterialSpec[]> = {
  first: [
    m('land-right-proof', '土地权属来源材料或建设用地使用权证明', true),
    m('planning-proof', '建设工程符合规划的材料', false, '须核验原件'),
    m('completion-proof', '房屋已经竣工的材料', false, '须核验原件'),
    m('survey-report', '不动产调查报告（房屋测绘报告）', true),
    m('tax-proof', '相关税费缴纳凭证', false),
  ],
  transfer: [
    CERTIFICATE,
    m('transfer-proof', '不动产权属转移的材料（买卖、互换、赠与合同，继承或受遗赠材料，生效法律文书等）', true),
    m('tax-proof', '完税（契税）凭证', false, '须核验原件'),
  ],
  change: [CERTIFICATE, m('change-proof', '不动产权利发生变更的材料', true)],
  cancel: [CERTIFICATE, m('cancel-proof', '不动产灭失或权利消灭的材料', true)],
  correction: [CERTIFICATE, m('correction-proof', '证实不动产登记簿记载事项错误的材料', true)],
  objection: [m('objection-proof', '证实对登记的不动产权利有利害关系的材料', true), m('error-proof', '证实不动产登记簿记载事项错误的材料', true)],
  'advance-notice': [
    m('presale-contract', '已备案的商品房预售合同或不动产买卖合同', true),
    m('advance-notice-agreement', '当事人关于预告登记的约定', true),
  ],
  seizure: [
    m('enforcement-officer-id', '人民法院执行人员工作证', false),
    m('assistance-notice', '协助执行通知书', true),
    m('seizure-ruling', '查封裁定书', true),
  ],
  other: [m('other-proof', '办理该登记所需的其他证明材料', true)],
  'mortgage-first': [
    CERTIFICATE,
    m('main-contract', '主债权合同', true),
    m('mortgage-contract', '抵押合同', true),
  ],
  'mortgage-change': [MORTGAGE_PROOF, m('mortgage-change-proof', '抵押权变更的材料（变更协议）', true)],
  'mortgage-transfer': [MORTGAGE_PROOF, m('claim-transfer-proof', '被担保主债权已转让的材料', true)],
  'mortgage-cancel': [MORTGAGE_PROOF, m('mortgage-end-proof', '抵押权消灭的材料（主债权消灭证明或抵押权人放弃的书面材料）', true)],
};

/**
 * The full 收件 list for an application: the general items of 条例 第16条, the kind's own items, and those the
 * circumstances add. Court-commissioned 查封 has no application form or applicant identity.
 */
export function requiredMaterials(kind: BusinessKind, circumstances: MaterialCircumstances = {}): MaterialSpec[] {
  const applicants = Math.max(1, Math.floor(circumstances.applicants ?? 1));
  const general: MaterialSpec[] =
    kind === 'seizure'
      ? []
      : [m('application-form', '不动产登记申请书', true), { ...m('applicant-identity', '申请人身份证明', false, '每位申请人一份，须核验原件'), count: applicants }];
  const extra: MaterialSpec[] = [];
  if (circumstances.agent && kind !== 'seizure') {
    extra.push(m('power-of-attorney', '授权委托书', true), m('agent-identity', '代理人身份证明', false, '须核验原件'));
  }
  if (circumstances.minor && kind !== 'seizure') {
    extra.push(m('guardianship-proof', '监护关系证明', true));
    if (BUSINESS_KINDS[kind].disposes) extra.push(m('minor-interest-guarantee', '监护人为被监护人利益处分的书面保证', true));
  }
  if (circumstances.mortgaged && BUSINESS_KINDS[kind].disposes && BUSINESS_KINDS[kind].right === 'ownership') {
    extra.push(m('mortgagee-consent', '抵押权人同意处分的书面材料', true), m('mortgagee-identity', '抵押权人身份证明', false));
  }
  if (circumstances.advanceNoticeConsent && BUSINESS_KINDS[kind].disposes) {
    extra.push(m('advance-notice-holder-consent', '预告登记权利人同意处分的书面材料', true));
  }
  return [...general, ...BY_KIND[kind], ...extra];
}
