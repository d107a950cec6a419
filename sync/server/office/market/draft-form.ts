import { z } from 'zod';
import { type IdDocumentType } from '#domain/case/events.ts';
import { type Buyer, type ContractDraft, type ContractTemplate, type Payment, type PricingBasis } from '#domain/market/contract.ts';
import { parseAreaM2 } from '#domain/map/region-summary.ts';
import { parseYuan } from '#domain/money.ts';
import { fieldLabel, type FormParse, parseForm } from '#domain/forms/form-issues.ts';
import { PT } from './portal-text.ts';

/**
 * The developer portal's contract form: every field as the browser posts it (strings), read into a draft.
 * Amounts are typed in yuan and read by digits (parseYuan); a field that is not a number is named back.
 */
export const BUYER_SLOTS = 4;
const Text = z.string().trim().max(200).optional().default('');
const buyerFields = Object.fromEntries(Array.from({ length: BUYER_SLOTS }, (_, i) => ['name', 'idType', 'idNumber', 'share', 'phone'].map((f) => [`b${i}_${f}`, Text])).flat()) as Record<string, typeof Text>;

export const DraftForm = z.object({
  unitNumber: z.string().trim().length(28),
  basis: z.enum(['building-area', 'inner-area', 'per-set']).catch('building-area'),
  fenPerM2: Text,
  total: Text,
  innerArea: Text,
  method: z.enum(['lump-sum', 'instalments', 'loan', 'other']).catch('lump-sum'),
  dueOn: Text,
  instalments: z.string().max(2000).optional().default(''),
  downPayment: Text,
  downPaymentDueOn: Text,
  loan: Text,
  loanKind: z.enum(['commercial', 'provident-fund', 'combined']).catch('commercial'),
  lender: Text,
  otherText: Text,
  deliveryOn: Text,
  signedOn: Text,
  action: z.string().trim().max(40).optional().default('save'),
  station: Text,
  ...buyerFields,
});
export type DraftForm = z.infer<typeof DraftForm>;

const D = PT.draft;
const BUYER_FIELD_LABELS = { name: D.name, idType: D.idType, idNumber: D.idNumber, share: fieldLabel(D.share), phone: D.phone };
/** Each field of the contract form, by its label on the draft page (draft-page.ts); a buyer's by its row's. */
const FIELD_NAMES: Record<string, string> = {
  '': D.form, unitNumber: D.unit, basis: D.pricing, fenPerM2: fieldLabel(D.fenPerM2), total: fieldLabel(D.total), innerArea: fieldLabel(D.innerArea),
  method: D.payment, dueOn: D.dueOn, instalments: fieldLabel(D.instalments), downPayment: fieldLabel(D.downPayment), downPaymentDueOn: D.downPaymentDueOn,
  loan: fieldLabel(D.loan), loanKind: D.loanKind, lender: D.lender, otherText: D.otherText, deliveryOn: D.delivery, signedOn: D.signedOn, action: D.action, station: D.readFrom,
  ...Object.fromEntries(Array.from({ length: BUYER_SLOTS }, (_, i) => Object.entries(BUYER_FIELD_LABELS).map(([f, label]): [string, string] => [`b${i}_${f}`, `${D.buyer(i + 1)} ${label}`])).flat()),
};

/**
 * A posted contract form read, or what is wrong with it, each field by its label on the page (zod's own wording is
 * English and names fields by their code).
 */
export const parseDraftForm = (body: unknown): FormParse<DraftForm> => parseForm(DraftForm, body, FIELD_NAMES, D.issues);

/** What was posted, as the form's inputs show it again: the first of a field sent twice; nothing that is not text. */
export function typedValues(body: unknown): Record<string, string> {
  if (typeof body !== 'object' || body === null) return {};
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).flatMap(([k, v]): [string, string][] => {
      const first: unknown = Array.isArray(v) ? v[0] : v;
      return typeof first === 'string' ? [[k, first]] : [];
    }),
  );
}

const ID_TYPES: readonly IdDocumentType[] = ['resident-id', 'hmt-residence-permit', 'foreign-permanent-residence', 'passport', 'other'];

/** The buyers typed into the form; a buyer keeps its card read only while its name and number are those the card gave. */
function buyersOf(f: DraftForm, before: readonly Buyer[]): Buyer[] {
  const out: Buyer[] = [];
  for (let i = 0; i < BUYER_SLOTS; i++) {
    const get = (k: string) => f[`b${i}_${k}` as keyof DraftForm] ?? '';
    const [name, idNumber] = [String(get('name')), String(get('idNumber')).toUpperCase()];
    if (name === '' && idNumber === '') continue;
    const idType = ID_TYPES.find((t) => t === get('idType')) ?? 'resident-id';
    const was = before[out.length];
    const readOn = was?.readOn && was.name === name && was.idNumber === idNumber ? was.readOn : null;
    out.push({ name, idType, idNumber, share: String(get('share')) === '' ? null : String(get('share')), phone: String(get('phone')), readOn });
  }
  return out;
}

type Read = { ok: true; fen: number } | { ok: false; field: string };
const yuan = (text: string, field: string): Read => {
  if (text === '') return { ok: true, fen: 0 };
  const r = parseYuan(text);
  return r.ok ? { ok: true, fen: r.value } : { ok: false, field };
};

/**
 * The form as a draft for `unit` (whose area and permit kind are the building table's, not the form's), or
 * the first field that cannot be read. An empty amount reads as 0 and is then named by the draft's checks.
 */
export function draftOf(f: DraftForm, areaDm2: number, template: ContractTemplate, before: readonly Buyer[]): { ok: true; draft: ContractDraft } | { ok: false; message: string } {
  const fields: [string, string][] = [
    [PT.draft.fenPerM2, f.fenPerM2],
    [PT.draft.total, f.total],
    [PT.draft.downPayment, f.downPayment],
    [PT.draft.loan, f.loan],
  ];
  const amounts: number[] = [];
  for (const [label, text] of fields) {
    const r = yuan(text, label);
    if (!r.ok) return { ok: false, message: PT.draft.badField(r.field) };
    amounts.push(r.fen);
  }
  const [fenPerM2 = 0, total = 0, down = 0, loan = 0] = amounts;
  const inner = f.innerArea === '' ? null : parseAreaM2(f.innerArea);
  if (f.innerArea !== '' && inner === null) return { ok: false, message: PT.draft.badField(PT.draft.innerArea) };
  const payment = paymentOf(f, down, loan);
  if (!payment.ok) return payment;
  const basis: PricingBasis = f.basis;
  return {
    ok: true,
    draft: {
      template,
      unitNumber: f.unitNumber,
      areaDm2,
      innerAreaDm2: basis === 'inner-area' ? inner : null,
      pricing: { basis, fenPerM2: basis === 'per-set' ? null : fenPerM2, totalFen: total },
      payment: payment.payment,
      deliveryOn: f.deliveryOn,
      signedOn: f.signedOn,
      buyers: buyersOf(f, before),
    },
  };
}

function paymentOf(f: DraftForm, down: number, loan: number): { ok: true; payment: Payment } | { ok: false; message: string } {
  switch (f.method) {
    case 'lump-sum':
      return { ok: true, payment: { method: 'lump-sum', dueOn: f.dueOn } };
    case 'loan':
      return { ok: true, payment: { method: 'loan', downPaymentFen: down, downPaymentDueOn: f.downPaymentDueOn, loanFen: loan, loanKind: f.loanKind, lender: f.lender } };
    case 'other':
      return { ok: true, payment: { method: 'other', text: f.otherText } };
    case 'instalments': {
      const instalments: { dueOn: string; fen: number }[] = [];
      for (const line of f.instalments.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '')) {
        const [dueOn = '', amount = ''] = line.split(/[,，\s]+/);
        const r = parseYuan(amount);
        if (!r.ok) return { ok: false, message: PT.draft.badField(PT.draft.instalments) };
        instalments.push({ dueOn, fen: r.value });
      }
      return { ok: true, payment: { method: 'instalments', instalments } };
    }
  }
}

/** The draft back into the form's fields (amounts in yuan), to show it for editing. */
export function formOf(d: ContractDraft): Record<string, string> {
  const y = (fen: number | null) => (fen === null || fen === 0 ? '' : (fen / 100).toFixed(2));
  const p = d.payment;
  const out: Record<string, string> = {
    unitNumber: d.unitNumber,
    basis: d.pricing.basis,
    fenPerM2: y(d.pricing.fenPerM2),
    total: y(d.pricing.totalFen),
    innerArea: d.innerAreaDm2 === null ? '' : (d.innerAreaDm2 / 100).toFixed(2),
    method: p.method,
    dueOn: p.method === 'lump-sum' ? p.dueOn : '',
    instalments: p.method === 'instalments' ? p.instalments.map((i) => `${i.dueOn},${(i.fen / 100).toFixed(2)}`).join('\n') : '',
    downPayment: p.method === 'loan' ? y(p.downPaymentFen) : '',
    downPaymentDueOn: p.method === 'loan' ? p.downPaymentDueOn : '',
    loan: p.method === 'loan' ? y(p.loanFen) : '',
    loanKind: p.method === 'loan' ? p.loanKind : 'commercial',
    lender: p.method === 'loan' ? p.lender : '',
    otherText: p.method === 'other' ? p.text : '',
    deliveryOn: d.deliveryOn,
    signedOn: d.signedOn,
  };
  d.buyers.forEach((b, i) => {
    Object.assign(out, { [`b${i}_name`]: b.name, [`b${i}_idType`]: b.idType, [`b${i}_idNumber`]: b.idNumber, [`b${i}_share`]: b.share ?? '', [`b${i}_phone`]: b.phone });
  });
  return out;
}
