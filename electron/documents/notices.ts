import { chinaDate, chineseDateTimeText } from '#domain/calendar/china-time.ts';
import { paymentMethodText } from '#domain/receipts/payment.ts';
import { fen, formatYuan } from '#domain/money.ts';
import { type AcceptanceNoticeInput, type CorrectionNoticeInput, type RefusalNoticeInput } from '#electron/ipc/contract.ts';
import { type Block, type DocumentSpec } from '#documents/layout.ts';
import { NOTICE_TEXT as T } from './notice-text.ts';
import { type OfficeInfo, officeDocument } from './office-info.ts';

/** Beijing time for printing (UTC+8 all year): `2026年11月28日 13:05`. */
export const beijingDateTime = (iso: string): string => chineseDateTimeText(iso);

export function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${y}年${m}月${d}日`;
}

type NoticeBase = AcceptanceNoticeInput | CorrectionNoticeInput | RefusalNoticeInput;

const applicantNames = (input: Pick<NoticeBase, 'applicants'>) =>
  input.applicants.map((a) => (a.representative ? `${a.name}（${T.representative(a.representative.kind, a.representative.name)}）` : a.name)).join('、');

/** The case's fields: an application not accepted carries an application number and a handler, not 受理. */
function commonFields(input: NoticeBase, accepted: boolean): [string, string][] {
  const one = input.units.length === 1 ? input.units[0] : undefined;
  return [
    [accepted ? T.caseNumber : T.applicationNumber, input.caseNumber],
    [T.queryCode, input.queryCode],
    [T.businessType, input.businessName],
    [T.applicants, applicantNames(input)],
    ...(one ? ([[T.unitNumber, one.unitNumber], [T.unitAddress, one.address]] as [string, string][]) : []),
  ];
}

/** Several units: each is its own 件, and the notice lists them all. */
function unitsTable(input: NoticeBase): Block[] {
  if (input.units.length === 1) return [];
  return [
    { type: 'heading', text: T.unitsHeading },
    {
      type: 'table',
      columns: [
        { header: T.unitColumns.no, width: 0.6, align: 'center' },
        { header: T.unitColumns.number, width: 3 },
        { header: T.unitColumns.address, width: 4 },
      ],
      rows: input.units.map((u, i) => [String(i + 1), u.unitNumber, u.address]),
    },
  ];
}

/** What each notice opens with: when and under which number, then the decision addressed to the applicants. */
function opening(input: NoticeBase, body: string, accepted: boolean): Block[] {
  const when = beijingDateTime(input.issuedAt);
  return [
    { type: 'meta', text: accepted ? T.meta(input.caseNumber, when) : T.applicationMeta(input.caseNumber, when) },
    { type: 'paragraph', text: body, indent: true },
    { type: 'spacer', height: 6 },
  ];
}

/**
 * A line for each applicant: the signature drawn on the van when the copy is the signed one, an empty line to sign
 * on paper otherwise. `acknowledge`: a refusal is signed for as received (签收), not as an application (签名).
 */
function applicantSignatures(input: NoticeBase, acknowledge: boolean): Block[] {
  return input.applicants.map((a): Block => {
    const drawn = input.signatures?.find((s) => s.name === a.name);
    return drawn
      ? { type: 'image', png: drawn.png, width: 160, caption: T.applicantSigned(a.name, acknowledge) }
      : { type: 'signatures', items: [T.applicantLine(a.name, acknowledge)] };
  });
}

function closing(input: NoticeBase, office: OfficeInfo, refusal = false): Block[] {
  return [
    { type: 'qr', data: input.statusUrl, caption: `${T.qrCaption(input.statusUrl)}\n${T.phone(office.phone)}` },
    ...applicantSignatures(input, refusal),
    { type: 'signatures', items: refusal ? T.refusalOfficeSignatures : T.officeSignatures },
    { type: 'paragraph', text: `${office.name}\u3000\u3000${T.issued(chineseDate(chinaDate(input.issuedAt)))}` },
  ];
}

const deadlineText = (d: AcceptanceNoticeInput['legal']) => T.deadline(chineseDate(d.date), d.workingDays, d.provisional);

/**
 * 受理通知书 (条例 第十七条第一款第（一）项): what was accepted, the materials as received (form, copies, pages),
 * and both deadlines: the legal 30 working days (第二十条) and the office's promise; a date counted into a year
 * whose holiday notice is not out is printed as 暂定.
 */
/** The channel and, for a QR payment, its transaction reference: what the office matches on the channel's statement. */
const paymentText = (p: NonNullable<AcceptanceNoticeInput['payment']>): string =>
  p.transactionRef ? `${paymentMethodText(p.method)}（${T.transactionRef} ${p.transactionRef}）` : paymentMethodText(p.method);

export function acceptanceNoticeSpec(input: AcceptanceNoticeInput, office: OfficeInfo): DocumentSpec {
  const provisional = input.promised.provisional || input.legal.provisional;
  return officeDocument(office, T.acceptanceTitle, 'A4', [
    ...opening(input, T.acceptanceBody(applicantNames(input), input.businessName), true),
    {
      type: 'fields',
      rows: [
        ...commonFields(input, true),
        [T.feePaid, `￥${formatYuan(fen(input.feeTotalFen))}`],
        ...(input.payment ? [[T.paymentMethod, paymentText(input.payment)] as [string, string]] : []),
        [T.promisedDate, deadlineText(input.promised)],
        [T.legalDate, deadlineText(input.legal)],
        [T.staff, input.staffName],
      ],
    },
    ...unitsTable(input),
    { type: 'heading', text: T.materialsHeading },
    {
      type: 'table',
      columns: [
        { header: T.materialColumns.no, width: 0.6, align: 'center' },
        { header: T.materialColumns.name, width: 4 },
        { header: T.materialColumns.form, width: 1.3, align: 'center' },
        { header: T.materialColumns.count, width: 0.7, align: 'right' },
        { header: T.materialColumns.pages, width: 0.7, align: 'right' },
      ],
      rows: input.materials.map((m, i) => [String(i + 1), m.name, m.form === 'original' ? T.original : T.copy, String(m.count), String(m.pages)]),
    },
    { type: 'paragraph', text: T.promisedNote, size: 9 },
    ...(provisional ? [{ type: 'paragraph', text: T.provisionalNote(Number(chinaDate(input.issuedAt).slice(0, 4))), size: 9 } as const] : []),
    ...closing(input, office),
  ]);
}

/**
 * 不予受理告知书 with the one-time 补正 list (条例 第十七条第一款第（三）项): every missing or defective material at
 * once, what to supply and the provision asking for it. Not an acceptance: no 受理编号, no 受理人.
 */
export function correctionNoticeSpec(input: CorrectionNoticeInput, office: OfficeInfo): DocumentSpec {
  return officeDocument(office, T.correctionTitle, 'A4', [
    ...opening(input, T.correctionBody(applicantNames(input), input.businessName), false),
    { type: 'fields', rows: [...commonFields(input, false), [T.handler, input.staffName]] },
    ...unitsTable(input),
    {
      type: 'table',
      columns: [
        { header: T.missingColumns.no, width: 0.6, align: 'center' },
        { header: T.missingColumns.name, width: 2.3 },
        { header: T.missingColumns.reason, width: 2.3 },
        { header: T.missingColumns.basis, width: 3 },
      ],
      rows: input.missing.map((m, i) => [String(i + 1), m.name, m.reason, m.basis ?? '']),
    },
    { type: 'heading', text: T.correctionSupplyHeading },
    { type: 'paragraph', text: `${T.correctionSupplyBy(deadlineText(input.supplyBy))}，${T.correctionHandIn(office.name, office.address, office.phone)}`, indent: true },
    { type: 'paragraph', text: T.correctionRestart, indent: true },
    { type: 'paragraph', text: T.correctionNoMore, indent: true },
    { type: 'paragraph', text: T.appeal, indent: true, size: 9 },
    ...closing(input, office, true),
  ]);
}

/**
 * 不予受理告知书 for a reason no material can cure (条例 第十七条): the unit is outside this office's area and the
 * applicant is told where to apply (第一款第（四）项, 第七条), or the law bars the registration on the unit (查封:
 * 城市房地产管理法 第三十八条, 民法典 第三百九十九条; 预告: 实施细则 第八十五条). With the remedies open to the applicant.
 */
export function refusalNoticeSpec(input: RefusalNoticeInput, office: OfficeInfo): DocumentSpec {
  return officeDocument(office, T.refusalTitle, 'A4', [
    ...opening(input, T.refusalBody(applicantNames(input), input.businessName), false),
    { type: 'fields', rows: [...commonFields(input, false), [T.handler, input.staffName]] },
    ...unitsTable(input),
    ...input.reasons.map((r, i): Block => ({ type: 'paragraph', text: `${i + 1}. ${r}`, indent: true })),
    { type: 'paragraph', text: T.refusalBasis(input.basis), indent: true },
    ...(input.referTo ? [{ type: 'paragraph', text: T.referTo(input.referTo), indent: true } as const] : []),
    { type: 'paragraph', text: T.appeal, indent: true },
    ...closing(input, office, true),
  ]);
}
