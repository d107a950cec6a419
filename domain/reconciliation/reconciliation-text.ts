import { type DiscrepancyCode } from './discrepancy.ts';

/**
 * The Chinese wording of every reconciliation finding, in one place: what was found and what the
 * office does about it. The report page and the PDF both read from here.
 */
export const DISCREPANCY_TEXT: Record<DiscrepancyCode, { title: string; action: string }> = {
  'case-not-received': {
    title: '车上已受理的案件未同步到局端',
    action: '联系本次出车人员，在车载终端上执行同步；仍缺失的，按车载终端的受理记录逐件核对并补传。',
  },
  'case-not-on-trip': {
    title: '局端收到的案件不属于本次出车的预约',
    action: '核对是否为现场临时受理；确属本次出车的，由出车负责人书面说明后签认。',
  },
  'appointment-without-outcome': {
    title: '预约未见受理结果',
    action: '向出车人员核实该预约是否上门、是否改约或申请人放弃，并在预约记录中登记结果。',
  },
  'receipt-number-missing': {
    title: '票据号码无下落（既未开具、未作废，也未登记为未使用）',
    action: '找回该号码的票据实物或存根；确已遗失的，按票据遗失程序报财务部门处理，不得再次使用该号码。',
  },
  'receipt-number-duplicate': {
    title: '同一票据号码被使用两次',
    action: '调取两张票据的实物和存根，确认哪一张有效；另一张按作废处理并查明原因，必要时追究责任。',
  },
  'receipt-number-outside-block': {
    title: '票据号码不在本次出车领用的号段内',
    action: '核对车载终端的号段配置与领用登记；查明该号码的来源，不得计入本次出车结算。',
  },
  'receipt-amount-mismatch': {
    title: '收费金额与按收费规则重新计算的金额不符',
    action: '复核该案件的登记类型、用途、减免情形和证书本数；多收的退还申请人，少收的按规定补收，并在案件中记录。',
  },
  'fee-rules-unknown': {
    title: '收费所依据的收费标准在局端查不到，金额无法核对',
    action: '核对车载终端使用的收费标准版本；确认后按正确的收费标准重新核算，并报财务部门备案。',
  },
  'case-fee-unpaid': {
    title: '案件应收费用未见收费票据',
    action: '核实是否现场收费；已收费的找回票据记录，未收费的通知申请人补缴。',
  },
  'payment-total-mismatch': {
    title: '按支付方式交回的款项与票据金额合计不符',
    action: '与出车人员当面清点现金、核对银行卡签购单，差额写明原因后由财务人员签认。（扫码收款不交回，按支付渠道对账单核对。）',
  },
  'qr-payment-unconfirmed': {
    title: '扫码收款未经支付渠道对账单核实',
    action: '从该渠道的商户平台导出对账单，在下方“扫码收款对账”上传；对账单上没有或金额不符的，向支付渠道查询该笔交易，差额写明原因后由财务人员签认。',
  },
  'scan-missing': {
    title: '应有的扫描件未上传',
    action: '在车载终端上重新上传该扫描件；原件已退还申请人的，联系申请人补扫。',
  },
  'scan-unverified': {
    title: '扫描件已上传但未通过校验',
    action: '在车载终端上重新上传；校验仍失败的，说明文件可能被改动，交信息管理人员检查。',
  },
  'chain-broken': {
    title: '车载终端的事件哈希链不完整或被改动',
    action: '立即停止对该终端数据的签认，保全车载终端，由信息管理人员核查缺失或被改动的记录。',
  },
  'chain-gap': {
    title: '车载终端的事件尚未全部同步（哈希链有缺口）',
    action: '在车载终端上完成同步后重新对账。',
  },
};

export const SEVERITY_TEXT = { error: '差错', warning: '提示' } as const;
