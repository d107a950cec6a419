import { type ReportPeriod } from '#domain/city/report.ts';

const periodText = (p: ReportPeriod): string => (p.kind === 'month' ? `${p.month.slice(0, 4)}年${Number(p.month.slice(5))}月` : `${p.year}年`);

/** The city statistics reports' words (the PDF, the workbook, the city page's report panel, the command). */
export const R = {
  periodText,
  title: (p: ReportPeriod) => `佳木斯市不动产登记与房地产市场统计${p.kind === 'month' ? '月报' : '年报'}（${periodText(p)}）`,
  meta: (generatedAt: string, revision = 1) =>
    `市级登记机构 · 生成于 ${generatedAt}${revision > 1 ? ` · 第${revision}版（更正版：县（市）补报数据后重新生成，取代第${revision - 1}版）` : ''}`,
  note: '数据来源：各县（市）登记机构经市县联机汇入的登簿、收费、合同备案、存量房成交与预售许可统计（不含个人信息）。全市合计为市级数据库逐条汇总之数；与各县（市）分列之和不一致时，说明尚有县（市）数据在途。',
  unbalanced: '注意：分县（市）之和与全市合计不一致，尚有县（市）数据在途，请待联机补齐后重新生成。',
  summary: '一、全市汇总',
  byOffice: '二、分县（市）',
  byKind: '三、按登记类型',
  charts: '四、图表',
  byMonth: '五、月度走势',
  chartOffices: '各县（市）登簿与成交（件/套）',
  chartTrend: '近十二个月成交（套）与均价（元/㎡）',
  fields: {
    registrations: '登簿件数', registeredUnits: '登簿单元数', fee: '登记费（元）',
    newHome: '新建商品房成交', secondHand: '存量房成交', supply: '批准预售',
  },
  dealText: (count: number, area: string, amount: string, price: string) => `${count} 套，${area} ㎡，${amount} 元，均价 ${price} 元/㎡`,
  supplyText: (units: number, area: string) => `${units} 套，${area} ㎡`,
  officeHead: ['县（市）', '登簿件数', '登簿单元', '登记费（元）', '新建商品房（套）', '面积（㎡）', '均价（元/㎡）', '存量房（套）', '面积（㎡）', '均价（元/㎡）', '批准预售（套）', '面积（㎡）'],
  kindHead: ['登记类型', '登簿件数', '登簿单元', '登记费（元）'],
  monthHead: ['月份', '登簿件数', '登记费（元）', '新建商品房（套）', '均价（元/㎡）', '存量房（套）', '均价（元/㎡）', '批准预售（套）'],
  total: '全市合计',
  officesSum: '分列之和',
  noRegistrations: '本期无登簿',
  unknownKind: '未知类型',
  registrationsSeries: '登簿件数',
  newHomeSeries: '新建商品房（套）',
  secondHandSeries: '存量房（套）',
  newHomePrice: '新建商品房均价',
  secondHandPrice: '存量房均价',
  sheets: { summary: '汇总', offices: '分县（市）', kinds: '按登记类型', months: '月度走势' },
  page: {
    title: '统计报表',
    intro: '月报于每月结束后次日、年报于每年结束后次日自动生成并保存；县（市）补报的数据改变已生成报表的数字时，自动重新生成为新版次（更正版），原版次保留并标为已被取代。也可随时按月份或年份即时生成（即时生成的报表不保存）。',
    periodLabel: '月份（如 2026-11）或年份（如 2026）',
    pdf: '生成 PDF',
    xlsx: '生成 Excel',
    storedHead: ['报表', '版次', '生成时间', 'PDF', 'Excel'],
    revision: (n: number) => (n === 1 ? '第1版' : `第${n}版（更正版）`),
    revisionFile: (title: string, n: number) => `${title}（第${n}版）`,
    superseded: (n: number, by: number) => `第${n}版（已被第${by}版取代）`,
    none: '尚未生成定期报表',
    badPeriod: (text: string) => `报表期间“${text}”有误：请填写月份（如 2026-11）或年份（如 2026）`,
    notStored: '该报表尚未生成：请待期末自动生成，或即时生成',
  },
  cli: {
    usage: '用法：npm run office -- city-report <月份 2026-11 | 年份 2026> --out <目录> [--data <目录> | --database <postgres://…>]',
    written: (path: string) => `已写入 ${path}`,
  },
} as const;
