import { createFontSource, DEFAULT_CJK_FONT_PATH } from '#documents/font-source.ts';
import { type Block, type DocumentSpec } from '#documents/layout.ts';
import { renderPdf } from '#documents/render-pdf.ts';
import { PROPERTY_USE_TEXT } from '#domain/business/business-kinds.ts';
import { chinaDateTime } from '#domain/calendar/china-time.ts';
import { fen, formatYuanWithSign } from '#domain/money.ts';
import { type CertificateContent, type HoldingsCertificate, type QueryCertificate } from '#domain/query/certificate.ts';
import { QUERY_INDEX_TEXT, QUERY_RESULT_TEXT as Q, REQUESTER_KIND_TEXT } from '#domain/query/query-text.ts';
import { type FactsResult, type RegisterResult } from '#domain/query/result.ts';
import { PENDING_NUMBER, SEIZURE_STANDING_TEXT, STRUCTURE_TEXT } from '#domain/register/register-text.ts';
import { type NaturalStatus } from '#domain/register/entries.ts';

/** One font source per process: the font file is read once (OFFICE_CJK_FONT replaces it, as for the office's reports). */
const fonts = createFontSource(process.env['OFFICE_CJK_FONT'] || DEFAULT_CJK_FONT_PATH);

const yesNo = (b: boolean) => (b ? Q.yes : Q.no);
const money = (f: number | null) => (f === null ? '未记载' : formatYuanWithSign(fen(f)));

function naturalRows(n: NaturalStatus | null): Block[] {
  if (!n) return [{ type: 'paragraph', text: '登记簿未记载自然状况' }];
  return [{ type: 'fields', rows: [['坐落', n.address], ['层次', `${n.floor}/${n.totalFloors} 层，${n.room} 室`], ['建筑面积', `${n.areaM2} 平方米`], ['结构 / 用途', `${STRUCTURE_TEXT[n.structure]} / ${PROPERTY_USE_TEXT[n.use]}`], ['竣工年份', n.completedYear === null ? '不详' : String(n.completedYear)]] }];
}

function factsBlocks(r: FactsResult): Block[] {
  const rows: [string, string][] = [[Q.coOwned, yesNo(r.isCoOwned)], [Q.mortgage, yesNo(r.hasMortgage)], [Q.advanceNotice, yesNo(r.hasAdvanceNotice)], [Q.objection, yesNo(r.hasObjection)], [Q.seized, yesNo(r.isSeizedOrRestricted)]];
  const lawyer: Block[] = r.lawyer
    ? [
        { type: 'paragraph', text: Q.nameMatch(r.lawyer.claimedHolder, r.lawyer.matches) },
        { type: 'fields', rows: [['共有形式', r.lawyer.holding ?? '—'], ['查封机关', r.lawyer.seizedBy.join('、') || '无']] },
      ]
    : [];
  return [{ type: 'paragraph', text: Q.facts }, ...naturalRows(r.natural), { type: 'fields', rows }, ...lawyer];
}

function registerBlocks(r: RegisterResult): Block[] {
  const out: Block[] = [...naturalRows(r.natural)];
  out.push({ type: 'table', columns: [{ header: '权利人', width: 3 }, { header: '证件号码', width: 4 }, { header: '共有情况', width: 2 }], rows: r.holders.map((h) => [h.name, h.idNumber ?? '—', h.holding]) });
  out.push({ type: 'fields', rows: [['不动产权证书号', r.certificateNumber ?? PENDING_NUMBER]] });
  out.push(
    r.mortgages.length === 0
      ? { type: 'paragraph', text: '抵押权：无' }
      : { type: 'table', columns: [{ header: '顺位', width: 1 }, { header: '抵押权人', width: 4 }, { header: '债权数额', width: 2 }, { header: '债务履行期限', width: 3 }], rows: r.mortgages.map((m) => [String(m.rank), m.mortgagee, money(m.amountFen), `${m.termFrom ?? '—'} 至 ${m.termTo ?? '—'}`]) },
  );
  out.push(
    r.seizures.length === 0
      ? { type: 'paragraph', text: '查封：无' }
      : { type: 'table', columns: [{ header: '顺序', width: 1 }, { header: '状态', width: 2 }, { header: '查封机关及文号', width: 5 }, { header: '期限', width: 3 }], rows: r.seizures.map((s) => [String(s.rank), SEIZURE_STANDING_TEXT[s.standing], `${s.court} ${s.noticeNumber}`, s.from !== null && s.to !== null ? `${s.from} 至 ${s.to}` : '转为查封后起算']) },
  );
  out.push({ type: 'fields', rows: [['预告登记', r.advanceNotices.map((n) => n.holders).join('；') || '无'], ['异议登记', r.objections.map((o) => `${o.applicant}：${o.matter}`).join('；') || '无'], ['合同备案', r.contractFiling ? `${r.contractFiling.contractNumber}（${r.contractFiling.filedOn}）` : '无']] });
  if (r.history) out.push({ type: 'table', columns: [{ header: '记载时间', width: 2 }, { header: '事项', width: 2 }, { header: '内容', width: 6 }], rows: r.history.map((h) => [chinaDateTime(h.at), h.kind, h.caseNumber ? `${h.text}（案件 ${h.caseNumber}）` : h.text]) });
  else out.push({ type: 'paragraph', text: Q.noHistory, size: 9 });
  out.push({ type: 'paragraph', text: r.originals ? Q.originalsNote : Q.noOriginals, size: 9 });
  return out;
}

function querySpec(c: QueryCertificate, link: string): DocumentSpec {
  return {
    title: Q.title,
    size: 'A4',
    footer: c.office,
    blocks: [
      { type: 'title', text: Q.title },
      { type: 'meta', text: `证明编号 ${c.id} · 出具时间 ${chinaDateTime(c.issuedAt)}` },
      { type: 'fields', rows: [['查询人', `${c.requester.name}（${REQUESTER_KIND_TEXT[c.requester.kind]}）`], ['身份证件号码', `${c.requester.idNumber}${c.requester.fromCard ? '（读卡核验）' : ''}`], ['查询目的', c.purpose], ['查询依据', c.basis], ['查询方式', `${QUERY_INDEX_TEXT[c.index.by]}：${c.index.value}`]] },
      ...c.results.flatMap((r): Block[] => [{ type: 'heading', text: `不动产单元 ${r.unitNumber}（登记状态截至 ${r.asOf}）` }, ...(r.scope === 'facts' ? factsBlocks(r) : registerBlocks(r))]),
      ...(c.promised ? [{ type: 'paragraph' as const, text: Q.promise, size: 9 }] : []),
      { type: 'mark', text: '（不动产登记机构查询专用章）' },
      { type: 'qr', data: link, caption: `${Q.verifyHint}。证明编号 ${c.id}` },
    ],
  };
}

function holdingsSpec(c: HoldingsCertificate, link: string): DocumentSpec {
  const p = c.proof;
  return {
    title: Q.holdingsTitle,
    size: 'A4',
    footer: c.office,
    blocks: [
      { type: 'title', text: Q.holdingsTitle },
      { type: 'meta', text: `证明编号 ${c.id} · 出具时间 ${chinaDateTime(c.issuedAt)}` },
      // 身份证件号码, not 公民身份号码: a 港澳台居民居住证 or 外国人永久居留身份证 proves who holds what too.
      { type: 'fields', rows: [['姓名', p.person.name], ['身份证件号码', `${p.person.idNumber}${c.fromCard ? '（读卡核验）' : ''}`], ['结论', p.hasHousing ? Q.hasHousing : Q.noHousing]] },
      { type: 'paragraph', text: p.units.length === 0 ? Q.holdingsNone(p.person.name, p.asOf) : Q.holdingsSome(p.person.name, p.asOf, p.units.length) },
      ...(p.units.length === 0
        ? []
        : [{ type: 'table' as const, columns: [{ header: '坐落', width: 5 }, { header: '用途', width: 2 }, { header: '面积', width: 2 }, { header: '证书号', width: 4 }, { header: '共有情况', width: 2 }], rows: p.units.map((u) => [u.address, u.use ? PROPERTY_USE_TEXT[u.use] : '—', u.areaM2 === null ? '—' : `${u.areaM2} m²`, u.certificateNumber ?? PENDING_NUMBER, u.holding]) }]),
      { type: 'mark', text: p.hasHousing ? Q.hasHousing : Q.noHousing },
      { type: 'qr', data: link, caption: `${Q.verifyHint}。证明编号 ${c.id}` },
    ],
  };
}

/** The certificate as a PDF, with the QR code of its verify link. */
export async function certificatePdf(content: CertificateContent, verifyLink: string, now: Date): Promise<Uint8Array> {
  const spec = content.kind === 'query-result' ? querySpec(content, verifyLink) : holdingsSpec(content, verifyLink);
  return (await renderPdf(spec, fonts, now)).bytes;
}
