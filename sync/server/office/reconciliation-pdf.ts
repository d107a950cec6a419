import { formatYuanText } from '#domain/money.ts';
import { NOTICE_PENDING_TEXT } from './domain-adapter.ts';
import { createFontSource, DEFAULT_CJK_FONT_PATH } from '#documents/font-source.ts';
import { type Block, type DocumentSpec } from '#documents/layout.ts';
import { renderPdf } from '#documents/render-pdf.ts';
import { DISCREPANCY_TEXT, SEVERITY_TEXT } from '#domain/reconciliation/reconciliation-text.ts';
import { netTakenFen } from '#domain/reconciliation/money-checks.ts';
import { beijingTime } from './format.ts';
import { T } from './office-text.ts';
import { R } from './reconciliation-page-text.ts';
import { reportHash, type TripReconciliation } from './reconciliation-service.ts';
import { declaredText, findingRows } from './reconciliation-view.ts';
import { type TripSignOff } from './records.ts';

/**
 * The van's documents and this report are drawn by the same toolkit (documents/): same font, layout and
 * subsetting. OFFICE_CJK_FONT replaces the packaged Noto Sans SC (a single .ttf/.otf file; deployment setting).
 * One font source per process, so the font file is read once.
 */
const fonts = createFontSource(process.env['OFFICE_CJK_FONT'] || DEFAULT_CJK_FONT_PATH);

/** The reconciliation report as a document: the summary, every finding with what to do, the sign-off. */
function reconciliationSpec(t: TripReconciliation, signOff: TripSignOff | null): DocumentSpec {
  const r = t.result;
  const title = R.title(t.trip.date, t.trip.vanId);
  const rows = findingRows(t);
  // Counted as listed (an unaccounted range is one finding), so the heading and the list agree.
  const errors = rows.filter((d) => d.severity === 'error').length;
  const findings: Block[] = rows.length === 0
    ? [{ type: 'paragraph', text: R.noFindings }]
    : rows.flatMap((d, i): Block[] => [
        { type: 'paragraph', text: `${i + 1}. [${SEVERITY_TEXT[d.severity]}] ${DISCREPANCY_TEXT[d.code].title} — ${d.subject}` },
        { type: 'paragraph', text: `${R.detail}：${d.detail}`, indent: true, size: 9.5 },
        { type: 'paragraph', text: `${R.action}：${DISCREPANCY_TEXT[d.code].action}`, indent: true, size: 9.5 },
      ]);
  const sign: Block[] = signOff
    ? [
        { type: 'paragraph', text: R.signedBy(signOff.staffName, beijingTime(signOff.signedAt)) },
        ...(signOff.note ? [{ type: 'paragraph' as const, text: `${R.note}：${signOff.note}` }] : []),
        { type: 'paragraph', text: `${R.hash}：${signOff.reportHash}`, size: 8 },
      ]
    : [
        { type: 'signatures', items: [`${R.signTitle}：______________`] },
        { type: 'paragraph', text: `${R.hash}：${reportHash(r)}`, size: 8 },
      ];
  return {
    title,
    size: 'A4',
    footer: T.brand,
    blocks: [
      { type: 'title', text: title },
      { type: 'meta', text: t.trip.title },
      {
        type: 'fields',
        rows: [
          [R.cards.cases, `${r.cases.received} / ${r.cases.taken}`],
          [R.numbersTitle, R.numbersLine(r.receiptNumbers)],
          [R.cards.money, `${formatYuanText(netTakenFen(r.money))} / ${formatYuanText(r.money.expectedFen)}（${R.moneyParts(formatYuanText(r.money.chargedFen), formatYuanText(r.money.refundedFen))}）`],
          ...r.money.byMethod.map((m): [string, string] => [
            R.methods[m.method] ?? m.method,
            `${R.byReceipts} ${formatYuanText(m.receiptsFen)}，${R.refunds} ${formatYuanText(m.refundsFen)}，${R.declared} ${declaredText(m)}`,
          ]),
          ...r.money.refunds.map((f): [string, string] => [R.refunds, R.refundLine(f.refundNumber, f.receiptNumber, formatYuanText(f.amountFen), R.methods[f.method] ?? f.method)]),
          [R.cards.scans, `${r.scans.verified} / ${r.scans.expected}`],
          [R.cards.chains, `${r.chains.intact} / ${r.chains.devices}`],
        ],
      },
      { type: 'heading', text: r.isClean ? R.clean : R.notClean(errors) },
      { type: 'heading', text: `${R.findingsTitle}（${rows.length}）` },
      ...findings,
      ...lists(t),
      { type: 'spacer', height: 12 },
      ...sign,
    ],
  };
}

/** The trip's cases and receipts, so the signed report stands on its own. */
function lists(t: TripReconciliation): Block[] {
  const C = R.caseColumns;
  const N = R.receiptColumns;
  const method = (m: string) => R.methods[m] ?? m;
  return [
    { type: 'heading', text: `${R.casesTitle}（${t.cases.length}）` },
    t.cases.length === 0
      ? { type: 'paragraph', text: R.none }
      : {
          type: 'table',
          columns: [{ header: C.caseNumber, width: 3 }, { header: C.applicants, width: 3 }, { header: C.business, width: 2 }, { header: C.acceptedAt, width: 2 }],
          rows: t.cases.map((c) => [c.caseNumber ?? R.noCaseNumber, c.applicants, c.business, c.awaitsNotice ? NOTICE_PENDING_TEXT : beijingTime(c.acceptedAt)]),
        },
    { type: 'heading', text: `${R.receiptsTitle}（${t.receipts.length}）` },
    t.receipts.length === 0
      ? { type: 'paragraph', text: R.none }
      : {
          type: 'table',
          columns: [
            { header: N.number, width: 3 }, { header: N.caseNumber, width: 3 }, { header: N.payer, width: 2 },
            { header: N.amount, width: 2, align: 'right' }, { header: N.method, width: 1.5 }, { header: N.state, width: 1.5 },
          ],
          rows: t.receipts.map((x) => [x.number, x.caseNumber ?? R.noCaseNumber, x.payer, formatYuanText(x.amountFen), method(x.method), x.voided ? R.receiptVoided : R.receiptValid]),
        },
  ];
}

/** The reconciliation report as a PDF (long finding lists run over pages, each numbered). */
export async function reconciliationPdf(t: TripReconciliation, signOff: TripSignOff | null, now = new Date()): Promise<Uint8Array> {
  return (await renderPdf(reconciliationSpec(t, signOff), fonts, now)).bytes;
}
