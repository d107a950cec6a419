import { BUSINESS_KINDS, type BusinessKind } from '#domain/business/business-kinds.ts';
import { type TransferCause } from '#domain/case/events.ts';

/**
 * One item of the 收件 list: name, whether the original must be handed in (原件) or a copy suffices once the
 * original is seen (复印件), how many, and the provision that asks for it, which the one-time 补正 notice prints
 * beside a shortfall. Pages are counted when received, not prescribed.
 */
export type MaterialSpec = {
  key: string;
  name: string;
  original: boolean;
  count: number;
  note?: string;
  basis?: string;
};

/** Facts about the application that add materials. */
export type MaterialCircumstances = {
  /** Applied through a 委托代理人 (条例 第十六条第一款第（二）项, 实施细则 第十二条). */
  agent?: boolean;
  /** A 监护人 applies for a ward: a minor or an adult without full capacity (实施细则 第十一条). */
  guardian?: boolean;
  /** Kept for older callers: a minor's property, applied for by the guardian. */
  minor?: boolean;
  /** The unit is mortgaged and being disposed of: 抵押权人同意. */
  mortgaged?: boolean;
  /** The unit carries a 预告 and its holder consents (实施细则 第八十五条). */
  advanceNoticeConsent?: boolean;
  /** Several applicants: one identity proof each. */
  applicants?: number;
  /** Why a 转移登记 is applied for: 继承/受遗赠 has its own materials (实施细则 第十四条). */
  cause?: TransferCause;
};

const ART16 = (item: string) => `《不动产登记暂行条例》第十六条第一款第（${item}）项`;
const m = (key: string, name: string, original: boolean, basis: string | undefined, note?: string): MaterialSpec => ({
  key, name, original, count: 1, ...(note ? { note } : {}), ...(basis ? { basis } : {}),
});

const CERTIFICATE = m('ownership-certificate', '不动产权属证书（房屋所有权证）', true, ART16('三'));
const MORTGAGE_PROOF = m('mortgage-certificate', '不动产登记证明（抵押权）或房屋他项权证', true, ART16('三'));

/** Per kind, beyond 申请书 and 身份证明: the 权属来源, 登记原因 and 界址面积 materials of 条例 第十六条. */
const BY_KIND: Record<BusinessKind, readonly MaterialSpec[]> = {
  first: [
    m('land-right-proof', '土地权属来源材料或建设用地使用权证明', true, ART16('三')),
    m('planning-proof', '建设工程符合规划的材料', false, ART16('三'), '须核验原件'),
    m('completion-proof', '房屋已经竣工的材料', false, ART16('三'), '须核验原件'),
    m('survey-report', '不动产调查报告（房屋测绘报告）', true, ART16('四')),
    m('tax-proof', '相关税费缴纳凭证', false, ART16('六')),
  ],
  transfer: [
    CERTIFICATE,
    m('transfer-proof', '不动产权属转移的材料（买卖、互换、赠与合同，生效法律文书等）', true, ART16('三')),
    m('tax-proof', '契税完税或减免税凭证', false, '《中华人民共和国契税法》第十一条', '须核验原件'),
  ],
  change: [CERTIFICATE, m('change-proof', '不动产权利发生变更的材料', true, ART16('三'))],
  cancel: [CERTIFICATE, m('cancel-proof', '不动产灭失或权利消灭的材料', true, ART16('三'))],
  correction: [CERTIFICATE, m('correction-proof', '证实不动产登记簿记载事项错误的材料', true, ART16('三'))],
  objection: [m('objection-proof', '证实对登记的不动产权利有利害关系的材料', true, ART16('五')), m('error-proof', '证实不动产登记簿记载事项错误的材料', true, ART16('三'))],
  'advance-notice': [
    m('presale-contract', '已备案的商品房预售合同或不动产买卖合同', true, ART16('三')),
    m('advance-notice-agreement', '当事人关于预告登记的约定', true, ART16('三')),
  ],
  seizure: [
    m('enforcement-officer-id', '人民法院执行人员工作证', false, undefined),
    m('assistance-notice', '协助执行通知书', true, undefined),
    m('seizure-ruling', '查封裁定书', true, undefined),
  ],
  other: [m('other-proof', '办理该登记所需的其他证明材料（如地役权合同）', true, ART16('三'))],
  'mortgage-first': [CERTIFICATE, m('main-contract', '主债权合同', true, ART16('三')), m('mortgage-contract', '抵押合同', true, ART16('三'))],
  'mortgage-change': [MORTGAGE_PROOF, m('mortgage-change-proof', '抵押权变更的材料（变更协议）', true, ART16('三'))],
  'mortgage-transfer': [MORTGAGE_PROOF, m('claim-transfer-proof', '被担保主债权已转让的材料', true, ART16('三'))],
  'mortgage-cancel': [MORTGAGE_PROOF, m('mortgage-end-proof', '抵押权消灭的材料（主债权消灭证明或抵押权人放弃的书面材料）', true, ART16('三'))],
};

const INHERITANCE = '《不动产登记暂行条例实施细则》第十四条';

/**
 * 继承、受遗赠 (实施细则 第十四条): the death certificate, the will or the agreement of all statutory heirs on
 * the unit, and proof of kinship; a notarised document or an effective judgment may stand for them.
 */
const INHERITANCE_MATERIALS: readonly MaterialSpec[] = [
  m('death-proof', '被继承人（遗赠人）死亡证明材料', true, INHERITANCE, '也可提交经公证的材料或生效的法律文书'),
  m('will-or-heirs-agreement', '遗嘱，或全部法定继承人关于不动产分配的协议', true, INHERITANCE, '也可提交经公证的材料或生效的法律文书'),
  m('kinship-proof', '申请人与被继承人的亲属关系材料', false, INHERITANCE, '须核验原件'),
];

function representativeMaterials(kind: BusinessKind, c: MaterialCircumstances): MaterialSpec[] {
  const out: MaterialSpec[] = [];
  if (c.agent) {
    // 实施细则 第十二条: a natural person disposing of property through an agent signs the power of attorney
    // with the agent in front of the office (here: the van's staff), unless it is notarised.
    out.push(
      m('power-of-attorney', '授权委托书', true, `${ART16('二')}、《不动产登记暂行条例实施细则》第十二条`, BUSINESS_KINDS[kind].disposes ? '自然人处分不动产的，须经公证或由委托人与代理人在登记人员面前共同签订' : undefined),
      m('agent-identity', '代理人身份证明', false, ART16('二'), '须核验原件'),
    );
  }
  if (c.guardian || c.minor) {
    const ward = '《不动产登记暂行条例实施细则》第十一条';
    out.push(
      m('guardian-identity', '监护人身份证明（身份证或户口簿）', false, ward, '须核验原件'),
      m('guardianship-proof', '监护关系证明（户口簿、人民法院指定监护的判决、居民委员会或村民委员会的指定证明等）', true, ward),
    );
    if (BUSINESS_KINDS[kind].disposes) out.push(m('minor-interest-guarantee', '监护人为被监护人利益处分不动产的书面保证', true, ward));
  }
  return out;
}

/**
 * The full 收件 list for an application: the general items of 条例 第十六条, the kind's own items, and those the
 * circumstances add. Court-commissioned 查封 has no application form or applicant identity.
 */
export function requiredMaterials(kind: BusinessKind, circumstances: MaterialCircumstances = {}): MaterialSpec[] {
  if (kind === 'seizure') return [...BY_KIND.seizure];
  const applicants = Math.max(1, Math.floor(circumstances.applicants ?? 1));
  const general: MaterialSpec[] = [
    m('application-form', '不动产登记申请书', true, ART16('一')),
    { ...m('applicant-identity', '申请人身份证明', false, ART16('二'), '每位申请人一份，须核验原件'), count: applicants },
  ];
  const own = kind === 'transfer' && circumstances.cause === 'inheritance'
    ? [CERTIFICATE, ...INHERITANCE_MATERIALS, ...BY_KIND.transfer.filter((s) => s.key === 'tax-proof')]
    : BY_KIND[kind];
  const extra: MaterialSpec[] = representativeMaterials(kind, circumstances);
  const info = BUSINESS_KINDS[kind];
  if (circumstances.mortgaged && info.disposes && info.right === 'ownership') {
    extra.push(m('mortgagee-consent', '抵押权人同意处分的书面材料', true, undefined), m('mortgagee-identity', '抵押权人身份证明', false, undefined));
  }
  if (circumstances.advanceNoticeConsent && (info.disposes || kind === 'advance-notice')) {
    extra.push(m('advance-notice-holder-consent', '预告登记权利人同意处分的书面材料', true, '《不动产登记暂行条例实施细则》第八十五条'));
  }
  return [...general, ...own, ...extra];
}
