/** Chinese text of the public pages (status query kiosk, service guide). */
export const PUB = {
  status: {
    title: '办理进度查询',
    intro: '请输入受理凭证上的案件号和查询码。查询结果只显示办理阶段和预计办结日期，不显示任何个人信息。',
    caseNo: '案件号',
    code: '查询码',
    submit: '查询',
    stage: '当前阶段',
    expected: '预计办结日期',
    notFound: '案件号或查询码不正确，请核对受理凭证后重新输入。',
    invalid: '请输入案件号和查询码。',
    tooMany: '查询过于频繁，请一分钟后再试。',
  },
  guide: {
    title: '办事公开 · 服务指南',
    noRules: '今天没有生效的收费标准，服务指南暂不能生成，请联系登记中心。',
  },
} as const;
