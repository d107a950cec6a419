import { fen, formatYuan } from '#domain/money.ts';
import { type AcceptanceNoticeInput, type CorrectionNoticeInput } from '#electron/ipc/contract.ts';
import { type Block, type DocumentSpec } from '#documents/layout.ts';
import { NOTICE_TEXT as T } from './notice-text.ts';
import { type OfficeInfo, officeDocument } from './office-info.ts';

/** Beijing time for printing (UTC+8 all year): `2026年11月28日 13:05`. */
export function beijingDateTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${p(d.getUTCMonth() + 1)}月${p(d.getUTCDate())}日 ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** The Beijing calendar date of an instant, `YYYY-MM-DD`. */
export function beijingDate(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
}

export function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${y}年${m}月${d}日`;
}

const applicantNames = (input: { applicants: readonly { name: string }[] }) => input.applicants.map((a) => a.name).join('、');

function commonFields(input: AcceptanceNoticeInput | CorrectionNoticeInput): [string, string][] {
  return [
    [T.caseNumber, input.caseNumber],
    [T.queryCode, input.queryCode],
    [T.businessType, input.businessName],
    [T.applicants, applicantNames(input)],
    [T.unitNumber, input.unitNumber],
    [T.unitAddress, input.unitAddress],
  ];
}

/** What both notices open with: when and under which number, then the decision addressed to the applicants. */
function opening(input: AcceptanceNoticeInput | CorrectionNoticeInput, body: string): Block[] {
  return [
    { type: 'meta', text: T.meta(input.caseNumber, beijingDateTime(input.issuedAt)) },
    { type: 'paragraph', text: body, indent: true },
    { type: 'spacer', height: 6 },
  ];
}

function closing(input: { statusUrl: string; issuedAt: string }, office: OfficeInfo): Block[] {
  return [
    { type: 'qr', data: input.statusUrl, caption: `${T.qrCaption(input.statusUrl)}\n${T.phone(office.phone)}` },
    { type: 'signatures', items: T.signatures },
    { type: 'paragraph', text: `${office.name}\u3000\u3000${T.issued(chineseDate(beijingDate(input.issuedAt)))}` },
  ];
}

/** 受理通知书: what was accepted, with the materials received and when it will be done (条例 第17条, 第20条). */
export function acceptanceNoticeSpec(input: AcceptanceNoticeInput, office: OfficeInfo): DocumentSpec {
  return officeDocument(office, T.acceptanceTitle, 'A4', [
    ...opening(input, T.acceptanceBody(applicantNames(input), input.businessName)),
    {
      type: 'fields',
      rows: [
        ...commonFields(input),
        [T.feePaid, `￥${formatYuan(fen(input.feeTotalFen))}`],
        [T.promisedDate, chineseDate(input.promisedDate)],
        [T.legalDate, chineseDate(input.legalDate)],
        [T.staff, input.staffName],
      ],
    },
    { type: 'heading', text: T.materialsHeading },
    {
      type: 'table',
      columns: [
        { header: T.materialColumns.no, width: 0.6, align: 'center' },
        { header: T.materialColumns.name, width: 4 },
        { header: T.materialColumns.form, width: 1.4, align: 'center' },
        { header: T.materialColumns.pages, width: 0.8, align: 'right' },
      ],
      rows: input.materials.map((m, i) => [String(i + 1), m.name, m.form === 'original' ? T.original : T.copy, String(m.pages)]),
    },
    { type: 'paragraph', text: T.promisedNote, size: 9 },
    ...closing(input, office),
  ]);
}

/** 补正材料通知书: every missing or defective material at once; the time limit restarts (条例 第17条). */
export function correctionNoticeSpec(input: CorrectionNoticeInput, office: OfficeInfo): DocumentSpec {
  return officeDocument(office, T.correctionTitle, 'A4', [
    ...opening(input, T.correctionBody(applicantNames(input), input.businessName)),
    { type: 'fields', rows: [...commonFields(input), [T.staff, input.staffName]] },
    {
      type: 'table',
      columns: [
        { header: T.missingColumns.no, width: 0.6, align: 'center' },
        { header: T.missingColumns.name, width: 2.4 },
        { header: T.missingColumns.reason, width: 4 },
      ],
      rows: input.missing.map((m, i) => [String(i + 1), m.name, m.reason]),
    },
    { type: 'paragraph', text: T.correctionRestart, indent: true },
    { type: 'paragraph', text: T.correctionNoMore, indent: true },
    ...closing(input, office),
  ]);
}
