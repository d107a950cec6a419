import { fen, formatYuan, toChineseUppercase } from '#domain/money.ts';
import { type InspectionRecordInput, type InterviewRecordInput, type RefundReceiptInput } from '#electron/ipc/contract.ts';
import { type Block, type DocumentSpec } from '#documents/layout.ts';
import { beijingDateTime } from './notices.ts';
import { type OfficeInfo, officeDocument } from './office-info.ts';
import { RECORD_TEXT as T } from './record-text.ts';

const unitsText = (units: InterviewRecordInput['units']) => units.map((u) => `${u.unitNumber} ${u.address}`).join('；');

const signature = (png: Uint8Array, who: string): Block => ({ type: 'image', png, width: 180, caption: T.signatureCaption(who) });

/** 询问记录: question by question as asked and answered on site, then the signature drawn on the touch screen. */
export function interviewRecordSpec(input: InterviewRecordInput, office: OfficeInfo): DocumentSpec {
  return officeDocument(office, T.interviewTitle, 'A4', [
    {
      type: 'fields',
      rows: [
        [T.caseNumber, input.caseNumber],
        [T.businessType, input.businessName],
        [T.units, unitsText(input.units)],
        [T.interviewee, input.interviewee],
        [T.staff, input.staffName],
        [T.time, beijingDateTime(input.issuedAt)],
      ],
    },
    ...input.answers.flatMap((a, i): Block[] => [
      { type: 'paragraph', text: T.question(i + 1, a.question) },
      { type: 'paragraph', text: T.answer(a.answer), indent: true },
    ]),
    { type: 'paragraph', text: T.interviewClose },
    signature(input.signaturePng, input.interviewee),
  ]);
}

/** 实地查看记录 (条例 第十九条): why the unit was visited, what was seen, whether it matches the application. */
export function inspectionRecordSpec(input: InspectionRecordInput, office: OfficeInfo): DocumentSpec {
  return officeDocument(office, T.inspectionTitle, 'A4', [
    { type: 'paragraph', text: T.inspectionBasis },
    {
      type: 'fields',
      rows: [
        [T.caseNumber, input.caseNumber],
        [T.businessType, input.businessName],
        [T.units, unitsText(input.units)],
        [T.inspectionGround, input.ground],
        [T.findings, input.findings],
        [T.matches, input.matchesApplication ? T.yes : T.no],
        [T.inspector, input.staffName],
        [T.present, input.present],
        [T.time, beijingDateTime(input.issuedAt)],
      ],
    },
    signature(input.signaturePng, input.present),
  ]);
}

/** 退费凭证: the whole fee of a receipt paid back after 撤回 or 不予登记, signed for by who takes the money. */
export function refundReceiptSpec(input: RefundReceiptInput, office: OfficeInfo): DocumentSpec {
  const amount = fen(input.amountFen);
  return officeDocument(office, T.refundTitle, 'A5', [
    {
      type: 'fields',
      rows: [
        [T.refundNumber, input.refundNumber],
        [T.receiptNumber, input.receiptNumber],
        [T.caseNumber, input.caseNumber],
        [T.payee, input.payee],
        [T.amount, `￥${formatYuan(amount)}`],
        [T.amountUpper, toChineseUppercase(amount)],
        [T.method, input.method === 'cash' ? T.cash : T.card],
        [T.groundLabel, T.ground[input.ground]],
        [T.reason, input.reason],
        [T.refundStaff, input.staffName],
        [T.refundedAt, beijingDateTime(input.refundedAt)],
      ],
    },
    { type: 'signatures', items: T.refundSignatures },
  ]);
}
