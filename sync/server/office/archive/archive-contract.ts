import { z } from 'zod';
import { type CourtAct } from '#domain/register/seizures.ts';
import { fieldLabel, type FormParse, parseForm } from '#domain/forms/form-issues.ts';
import { A } from './archive-text.ts';

/**
 * The archive's request shapes, checked on arrival (forms and the JSON API alike). Dates are office dates
 * (YYYY-MM-DD); a form's `datetime-local` is Beijing time.
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const day = () => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, A.issues.date);
const optionalDate = z.preprocess((v) => (v === '' ? undefined : v), day().optional());
const optionalMonths = z.preprocess((v) => (v === '' || v === undefined ? undefined : Number(v)), z.number().int().optional());

/** 2026-06-01T10:30 (a form, Beijing time) or a full ISO time with its zone (the API). */
export const DeliveredAt = z.string().trim().transform((s, ctx) => {
  const withZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(s) ? `${s}${s.length === 16 ? ':00' : ''}+08:00` : s;
  const t = Date.parse(withZone);
  if (Number.isNaN(t)) {
    ctx.addIssue({ code: 'custom', message: A.court.deliveredFormat });
    return z.NEVER;
  }
  return new Date(t).toISOString();
});

const Document = { court: text(100), noticeNumber: text(100), rulingNumber: text(100), deliveredAt: DeliveredAt };

export const CourtActRequest = z.discriminatedUnion('act', [
  z.object({ act: z.literal('seize'), ...Document, respondent: text(100), from: optionalDate, to: optionalDate, termMonths: optionalMonths }),
  z.object({ act: z.literal('renew'), ...Document, seizureId: text(200), to: day() }),
  z.object({ act: z.literal('lift'), ...Document, seizureId: text(200), reason: text(500) }),
]);
export type CourtActRequest = z.infer<typeof CourtActRequest>;

/** The domain's act; a new seizure's id comes from the caller. */
export function courtActOf(r: CourtActRequest, newId: () => string): CourtAct {
  const document = { court: r.court, noticeNumber: r.noticeNumber, rulingNumber: r.rulingNumber, deliveredAt: r.deliveredAt };
  switch (r.act) {
    case 'seize':
      return { act: 'seize', seizureId: newId(), document, respondent: r.respondent, from: r.from ?? null, to: r.to ?? null, termMonths: r.termMonths ?? null };
    case 'renew':
      return { act: 'renew', seizureId: r.seizureId, document, to: r.to };
    case 'lift':
      return { act: 'lift', seizureId: r.seizureId, document, reason: r.reason };
  }
}

export const SearchQuery = z.object({ by: z.enum(['unit-number', 'certificate', 'address']), value: z.string().trim().min(1).max(300) });

const C = A.court;
/** Each field of the search and court-act forms, by its label on the archive's pages. */
const FIELD_NAMES: Record<string, string> = {
  by: A.search.by, value: A.search.value,
  act: C.act, court: C.court, noticeNumber: C.noticeNumber, rulingNumber: C.rulingNumber, deliveredAt: C.deliveredAt, respondent: C.respondent,
  from: C.from, to: fieldLabel(C.to), termMonths: fieldLabel(C.termMonths), seizureId: C.target, reason: C.reason,
};

/**
 * A search or court act read by its schema, or what is wrong with it in the words of the archive's pages (zod's own
 * are English and name fields by their code).
 */
export const parseArchiveForm = <S extends z.ZodType>(schema: S, input: unknown): FormParse<z.output<S>> => parseForm(schema, input, FIELD_NAMES, A.issues);
