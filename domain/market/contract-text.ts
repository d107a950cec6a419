import { PROPERTY_USE_TEXT } from '#domain/business/business-kinds.ts';
import { chineseDateText } from '#domain/calendar/china-time.ts';
import { isIsoDate } from '#domain/register/periods.ts';
import { type Fen, formatYuanText, toChineseUppercase } from '#domain/money.ts';
import { type Building, type BuildingUnit, type Project, type SalePermit } from './building-table.ts';
import { type Buyer, type ContractTerms, FILE_WITHIN_DAYS, type Payment } from './contract.ts';
import { LOAN_KIND_TEXT, PAYMENT_METHOD_TEXT, PRICING_BASIS_TEXT, areaText } from './market-text.ts';

/** A day as the contract prints it; one not filled in yet (a draft being written) as the blank a paper form leaves. */
const dateText = (day: string): string => (isIsoDate(day) ? chineseDateText(day) : '____年__月__日');

/**
 * The contract as the parties read and sign it: the chapters and articles of the national model text
 * (GF-2014-0171 预售 / GF-2014-0172 现售, 住房和城乡建设部、国家工商行政管理总局 2014) that the office files,
 * filled in from the draft. The chapters and article numbers follow the model text; the wording here is the
 * office's summary of each article, so the printed contract names the model text it was drafted from.
 */
export type ContractParties = {
  contractNumber: string;
  developer: { name: string; creditCode: string };
  project: Project;
  building: Building;
  unit: BuildingUnit;
  permit: SalePermit;
  buyers: readonly Buyer[];
};

export type Article = { heading: string; lines: string[] };
export type ContractDocument = { code: string; title: string; contractNumber: string; chapters: { title: string; articles: Article[] }[] };

const money = (fen: number): string => `${formatYuanText(fen)}（大写：${toChineseUppercase(fen as Fen)}）`;

function paymentLines(p: Payment): string[] {
  switch (p.method) {
    case 'lump-sum':
      return [`买受人采取${PAYMENT_METHOD_TEXT[p.method]}，于 ${dateText(p.dueOn)} 前支付全部房价款。`];
    case 'instalments':
      return [`买受人采取${PAYMENT_METHOD_TEXT[p.method]}，分 ${p.instalments.length} 期支付：`, ...p.instalments.map((i, n) => `第 ${n + 1} 期：${dateText(i.dueOn)} 前支付 ${money(i.fen)}。`)];
    case 'loan':
      return [
        `买受人采取${PAYMENT_METHOD_TEXT[p.method]}（${LOAN_KIND_TEXT[p.loanKind]}），于 ${dateText(p.downPaymentDueOn)} 前支付首期房价款 ${money(p.downPaymentFen)}；`,
        `余款 ${money(p.loanFen)}向 ${p.lender} 申请贷款支付。`,
      ];
    case 'other':
      return [`买受人采取${PAYMENT_METHOD_TEXT[p.method]}：${p.text}`];
  }
}

const buyerLine = (b: Buyer, i: number): string =>
  `买受人${i + 1}：${b.name}，证件号码 ${b.idNumber}${b.share ? `，份额 ${b.share}` : ''}，联系电话 ${b.phone}${b.readOn ? '（身份证件经读卡器核验）' : ''}`;

export function contractDocument(t: ContractTerms, p: ContractParties): ContractDocument {
  const presale = t.template === 'GF-2014-0171';
  const u = p.unit;
  const jointly = p.buyers.length > 1 ? (p.buyers.some((b) => b.share) ? '按份共有' : '共同共有') : '单独所有';
  return {
    code: t.template,
    title: presale ? '商品房买卖合同（预售）' : '商品房买卖合同（现售）',
    contractNumber: p.contractNumber,
    chapters: [
      {
        title: '第一章 合同当事人',
        articles: [{ heading: '当事人', lines: [`出卖人：${p.developer.name}（统一社会信用代码 ${p.developer.creditCode}）`, ...p.buyers.map(buyerLine), `买受人共有方式：${jointly}`] }],
      },
      {
        title: '第二章 商品房基本状况',
        articles: [
          { heading: '第一条 项目建设依据', lines: [`出卖人开发建设的项目名称为“${p.project.name}”，坐落于 ${p.project.address}。`] },
          {
            heading: presale ? '第二条 预售依据' : '第二条 销售依据',
            lines: [presale ? `该商品房已由 ${p.permit.authority} 批准预售，预售许可证号为 ${p.permit.number}。` : `该商品房已竣工验收并备案，备案号为 ${p.permit.number}（${p.permit.authority}）。`],
          },
          {
            heading: '第三条 商品房基本情况',
            lines: [`该商品房为 ${p.building.name} 第 ${u.floor} 层 ${u.room} 室，不动产单元号 ${u.unitNumber}，规划用途为${PROPERTY_USE_TEXT[u.use]}。`, `${presale ? '预测' : '实测'}建筑面积 ${areaText(t.areaDm2)}${t.innerAreaDm2 !== null ? `，其中套内建筑面积 ${areaText(t.innerAreaDm2)}` : ''}。`],
          },
          { heading: '第五条 房屋权利状况承诺', lines: ['出卖人承诺对该商品房享有合法权利，该商品房没有出售给本合同买受人以外的其他人，没有司法查封或其他限制转让的情况。'] },
        ],
      },
      {
        title: '第三章 商品房价款',
        articles: [
          {
            heading: '第六条 计价方式与价款',
            lines: [`${PRICING_BASIS_TEXT[t.pricing.basis]}${t.pricing.fenPerM2 !== null ? `，单价为每平方米 ${formatYuanText(t.pricing.fenPerM2)}` : ''}，总价款为 ${money(t.pricing.totalFen)}。`],
          },
          { heading: '第七条 付款方式及期限', lines: paymentLines(t.payment) },
        ],
      },
      { title: '第四章 商品房交付条件与交付手续', articles: [{ heading: '第十一条 交付时间和手续', lines: [`出卖人应当在 ${dateText(t.deliveryOn)} 前向买受人交付该商品房。`] }] },
      {
        title: '第八章 合同备案与房屋登记',
        articles: [
          {
            heading: '合同备案与房屋登记',
            lines: [
              `出卖人应当自本合同签订之日起 ${FILE_WITHIN_DAYS} 日内办理商品房买卖合同网签备案（《城市商品房预售管理办法》第十条），本合同以网签备案编号 ${p.contractNumber} 为准。`,
              '备案后，未经双方共同申请或人民法院生效法律文书，不得注销备案；该商品房不得再行出售。',
            ],
          },
        ],
      },
      { title: '签署', articles: [{ heading: '签订日期', lines: [`本合同于 ${dateText(t.signedOn)} 签订。`] }] },
    ],
  };
}
