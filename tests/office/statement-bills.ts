/** Channel statements as the merchant platforms export them, for the tests of QR payments at reconciliation. */

/** A WeChat Pay trade bill (交易账单) with one paid line, as the merchant platform exports it. */
export const wechatBill = (ref: string, yuan: string) => {
  const header = '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
  const row = ['2026-12-08 09:10:00', 'wx8d3f2a61c0b4e975', '1612345678', '0', 'JMS-VAN1', ref, 'JMS1', 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', 'NATIVE', 'SUCCESS', 'OTHERS', 'CNY', yuan, '0.00', '0', '0', '0.00', '0.00', '', '', '不动产登记费', '', '0.00000', '0.00%', yuan, '0.00', ''].map((c) => `\`${c}`).join(',');
  return `${header}\r\n${row}\r\n总交易单数,应结订单总金额\r\n\`1,\`${yuan}\r\n`;
};
