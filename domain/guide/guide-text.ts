/** The fixed wording of the service guide. The facts (kinds, materials, fees, time limits) come from domain data. */
export const GUIDE_TEXT = {
  title: '佳木斯市不动产登记服务指南（便民服务直通车与登记大厅通用）',
  generalNotes: [
    '便民服务直通车上门办理与登记大厅办理适用同一收费标准，不另收任何上门服务费用。',
    '登记费按件收取，不按面积、体积或价款比例收取。',
    '办理时限自受理之日起按工作日计算，法定时限为30个工作日（《不动产登记暂行条例》第二十条）；承诺时限短于法定时限。申请材料不齐全而未予受理的，自补正全部材料、予以受理之日起计算；公告所需时间不计入办理时限（《不动产登记暂行条例实施细则》第十七条），审核中等待补正材料和暂停办理的时间也不计入。',
    '申请人可凭受理凭证上的案件号和查询码，在登记大厅的查询机或本网站查询办理进度。',
  ],
  extraCertificate: (name: string, yuan: number) => `核发一本证书免收工本费；每增加一本，加收${name}${yuan}元。`,
  jointPayer: '共同申请的，只向登记为权利人的一方收取。',
  legalBasis: ['《不动产登记暂行条例》（国务院令第656号）第十四条至第二十二条', '《不动产登记暂行条例实施细则》（国土资源部令第63号）'],
} as const;
