import { type LawyerMode, type QueryIndex, type QueryRefusal, type RequesterKind } from './requests.ts';

/** The words of a lawful query: the counter form, the refusals and the printed result share them. */

export const REQUESTER_KIND_TEXT: Record<RequesterKind, string> = {
  holder: '权利人（含继承人、监护人等）',
  interested: '利害关系人（有利害关系证明）',
  prospective: '意向人（有买卖、租赁、抵押意向或拟诉讼，无利害关系证明）',
  lawyer: '受委托的律师',
  authority: '有关国家机关',
};

export const LAWYER_MODE_TEXT: Record<LawyerMode, string> = {
  'for-interested': '代理利害关系人（持利害关系证明）',
  'for-prospective': '代理意向人（无利害关系证明）',
  'court-order': '持人民法院调查令',
};

export const QUERY_INDEX_TEXT: Record<QueryIndex['by'], string> = {
  'unit-number': '不动产单元号',
  certificate: '不动产权证书号',
  address: '坐落',
  person: '权利人身份证件号码',
};

export const QUERY_REFUSAL_TEXT: Record<QueryRefusal, string> = {
  'purpose-required': '请说明查询目的（《不动产登记暂行条例》第二十八条）',
  'identity-missing': '请读取或填写查询人的姓名和身份证件号码',
  'identity-invalid': '查询人的公民身份号码无效，请重新读卡或核对',
  'proof-required': '利害关系人查询须提交利害关系证明材料：买卖、互换、赠与、租赁、抵押合同，或受理案件通知书、仲裁受理通知书（《不动产登记资料查询暂行办法》第二十条）；没有证明的，按意向人查询',
  'promise-required': '查询人须承诺不将查询结果用于其他目的、不泄露查询结果（办法第二十五条）',
  'not-holder': '查询人不是该不动产的登记权利人：请按利害关系人或意向人查询',
  'index-not-allowed': '利害关系人和律师不得以权利人身份信息查询，只能按坐落、证书号或不动产单元号查询一个单元（办法第二十四条）；权利人只能查询本人名下的不动产',
  'index-empty': '请填写查询的坐落、证书号、不动产单元号或身份证件号码',
  'lawyer-documents-required': '律师查询须提交律师执业证号、律师事务所证明、委托人，以及利害关系证明或人民法院调查令（办法第二十三条）',
  'authority-documents-required': '国家机关查询须提交本单位出具的协助查询文书和工作人员的工作证（《不动产登记暂行条例实施细则》第九十七条）',
};

export const QUERY_RESULT_TEXT = {
  title: '不动产登记资料查询结果证明',
  facts: '按《不动产登记资料查询暂行办法》第二十一条，仅告知以下事项',
  yes: '是',
  no: '否',
  coOwned: '是否存在共有情形',
  mortgage: '是否存在抵押权登记',
  advanceNotice: '是否存在预告登记',
  objection: '是否存在异议登记',
  seized: '是否存在查封登记或其他限制处分情形',
  nameMatch: (name: string, matches: boolean) => `所提供的权利人名称“${name}”与登记簿记载${matches ? '一致' : '不一致'}`,
  originalsNote: '原始资料可在查询场所查阅（不得带离，《不动产登记暂行条例实施细则》第一百零一条）',
  noOriginals: '原始资料不在本次查询范围内',
  noHistory: '不含登记历史',
  promise: '查询人已承诺：不将查询获得的不动产登记资料、登记信息用于其他目的，不泄露（办法第二十五条）',
  hasHousing: '有房',
  noHousing: '无房',
  holdingsTitle: '不动产登记信息查询结果证明（有房/无房）',
  holdingsNone: (name: string, asOf: string) => `截至 ${asOf}，本登记机构的不动产登记簿中没有记载 ${name} 为权利人的住房。`,
  holdingsSome: (name: string, asOf: string, n: number) => `截至 ${asOf}，本登记机构的不动产登记簿记载 ${name} 为下列 ${n} 处不动产的权利人：`,
  verifyHint: '扫描二维码或登录办公室网站“查询证明核验”，核对本证明与登记机构留存的是否一致',
} as const;
