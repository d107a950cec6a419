/** The province exchange's Chinese text: the schema's reasons and the office page. */
export const P = {
  schema: {
    bizMsgId: '业务报文ID应为18位数字（行政区划代码6位＋日期6位＋当日序号6位）',
    asid: '接入标准ID应为 AS100',
    areaCode: '行政区划代码应为6位数字，且与不动产单元号前6位一致',
    recType: '业务编码不在接入规范的编码表内',
    rightType: '权利类型代码应为1至2位数字',
    regType: '登记类型应为100至900之一',
    createDate: '登簿时间格式应为 YYYY-MM-DDTHH:mm:ss+08:00',
    recFlowId: '业务流水号应为1至50个字符',
    regOrgId: '登记机构代码不能为空',
    parcelId: '宗地代码应为不动产单元号的前19位',
    estateNum: '不动产单元号应为28位（GB/T 37346：6位行政区划＋6位地籍区子区＋2位宗地特征码＋5位宗地顺序号＋定着物特征码＋8位定着物单元编号）',
    count: '证书、证明数量应为非负整数',
    house: '登记簿中没有该单元的房屋自然状况（坐落、面积、用途），请先补录登记簿',
    area: '建筑面积应大于0',
    holders: '该登记应有权利人，但登簿未记载任何权利人，请核对受理时的申请人',
    holderName: '权利人名称不能为空',
    holderId: '权利人证件号码不能为空',
    residentId: '居民身份证号码应为18位（末位可为X）',
    right: '该登记应有权利信息，但登簿未写入对应的权利',
    certCount: '首次、转移、变更、更正登记应至少发一本证书',
  },
  /**
   * Each field of the message as the 接入规范 and the 数据库标准 name it, keyed by path without list positions: a
   * reason on the page names the field so, not by its code (`Data.QLR.GYFS`).
   */
  /** The province answered one message with more than an acknowledgement can be; the connection was cut there. */
  answerTooLarge: (max: number) => `省级平台的应答超过 ${Math.round(max / 1024)} KB，已中止接收`,
  fields: {
    '': '接入报文', Head: '报文头', 'Head.BizMsgID': '业务报文ID', 'Head.ASID': '接入标准ID', 'Head.AreaCode': '行政区划代码', 'Head.RecType': '业务编码',
    'Head.RightType': '权利类型', 'Head.RegType': '登记类型', 'Head.CreateDate': '登簿时间', 'Head.RecFlowID': '业务流水号', 'Head.RegOrgID': '登记机构代码',
    'Head.ParcelID': '宗地代码', 'Head.EstateNum': '不动产单元号', 'Head.PreEstateNum': '原不动产单元号', 'Head.PreCertID': '原不动产权证书号',
    'Head.CertCount': '证书数量', 'Head.ProofCount': '证明数量',
    Data: '报文数据', 'Data.KTT_FW_H': '房屋自然状况', 'Data.KTT_FW_H.BDCDYH': '房屋的不动产单元号', 'Data.KTT_FW_H.ZL': '房屋坐落', 'Data.KTT_FW_H.SZC': '所在层',
    'Data.KTT_FW_H.ZCS': '总层数', 'Data.KTT_FW_H.JZMJ': '建筑面积', 'Data.KTT_FW_H.GHYT': '规划用途', 'Data.KTT_FW_H.FWJG': '房屋结构', 'Data.KTT_FW_H.JGSJ': '竣工时间',
    'Data.KTT_FW_H.QXDM': '房屋所在区县代码',
    'Data.QLR': '权利人', 'Data.QLR.BDCDYH': '权利人的不动产单元号', 'Data.QLR.QLRMC': '权利人名称', 'Data.QLR.ZJZL': '权利人证件种类', 'Data.QLR.ZJH': '权利人证件号码',
    'Data.QLR.GYFS': '共有方式', 'Data.QLR.QLBL': '权利比例', 'Data.QLR.QLRLX': '权利人类型',
    'Data.right': '权利信息', 'Data.right.table': '权利信息所在的表',
  } as Readonly<Record<string, string>>,
  page: {
    title: '省级接入报文',
    intro: '每次登簿生成的不动产登记数据接入报文：先按接入规范校验，校验通过才发送；发送失败按退避时间自动重试。',
    notConfigured: '本办公端未配置省级接入平台地址（OFFICE_PROVINCE_URL），报文在队列中等待，配置后自动发送。',
    columns: ['业务报文ID', '业务流水号', '不动产单元号', '业务编码', '状态', '尝试次数', '下次发送', '原因', '操作'],
    states: { queued: '待发送', sent: '已发送', failed: '发送失败', invalid: '校验未通过（不发送）' } as Record<string, string>,
    retry: '重新发送',
    none: '暂无报文',
    log: '发送记录',
    logColumns: ['时间', '业务报文ID', '第几次', '结果', '说明'],
    outcomes: { accepted: '省级平台已接收', rejected: '省级平台拒收', 'http-error': '省级平台返回错误', timeout: '超时未响应', 'network-error': '网络不通' } as Record<string, string>,
    requeued: '已重新放入发送队列',
    notFailed: '只有发送失败的报文可以重新发送',
  },
} as const;
