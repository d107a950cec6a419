import { type z } from 'zod';
import { holdsChinese } from '#domain/chinese-text.ts';

// In domain/, beside the other Chinese texts both sides share: the van says what is wrong with a request or its
// settings in the same words as the office's pages (not in sync/protocol: it is no part of the wire contract).

/** What is wrong with one field, said after its name, in the words of the screen that asks (its text module). */
export type IssueWords = {
  missing: string;
  tooLong: string;
  date: string;
  wrong: string;
  /** A number outside its bounds; `wrong` where a screen has no such word. */
  range?: string;
  /** A list with too few or too many entries; `wrong` where a screen has no such word. */
  tooFew?: string;
  tooMany?: string;
  /** A text given but shorter than its least length (above one); `missing` where a screen has no such word. */
  tooShort?: string;
  /** Keys a strict object does not take; `wrong` where a screen has no such word. */
  unknownKeys?: string;
};

/** A page's label without its bracketed hint: 认定机关（如 佳木斯市自然资源局） names the field 认定机关. */
export const fieldLabel = (text: string): string => text.replace(/（[^（）]*）$/, '');

/**
 * The name of the field at `path`: the name given for the path without its list positions (`unitValues.zone` for
 * `unitValues.2.zone`), else for the nearest field that holds it, else the path itself.
 */
function nameOf(path: readonly PropertyKey[], names: Readonly<Record<string, string>>): string {
  const keys = path.filter((k) => typeof k === 'string');
  for (let n = keys.length; n >= 0; n--) {
    const name = names[keys.slice(0, n).join('.')];
    if (name !== undefined) return name;
  }
  return path.map(String).join('.');
}

function what(i: z.core.$ZodIssue, w: IssueWords): string {
  // A schema's own message, written in Chinese for the page, says it best.
  if (holdsChinese(i.message)) return i.message;
  // Parsed with `{ reportInput: true }` (parseForm), a value of the wrong type is told from none; without it, both read as missing.
  if (i.code === 'invalid_type') return i.input === undefined ? w.missing : w.wrong;
  // A choice not made (an enum given nothing) is missing too; its input is reported only when asked for.
  if (i.code === 'invalid_value' && 'input' in i && i.input === undefined) return w.missing;
  // A text of one fixed length (a unit number) that is given but not that long is not missing: it is wrong.
  if ((i.code === 'too_small' || i.code === 'too_big') && i.origin === 'string' && i.exact === true && !('input' in i && i.input === '')) return w.wrong;
  // A code of six characters or more typed with three is too short, not missing.
  if (i.code === 'too_small' && i.origin === 'string' && w.tooShort !== undefined && Number(i.minimum) > 1 && 'input' in i && typeof i.input === 'string' && i.input !== '') return w.tooShort;
  if (i.code === 'unrecognized_keys') return w.unknownKeys ?? w.wrong;
  if (i.code === 'too_small') return i.origin === 'array' || i.origin === 'set' ? (w.tooFew ?? w.wrong) : i.origin === 'number' || i.origin === 'bigint' ? (w.range ?? w.wrong) : w.missing;
  if (i.code === 'too_big') return i.origin === 'array' || i.origin === 'set' ? (w.tooMany ?? w.wrong) : i.origin === 'number' || i.origin === 'bigint' ? (w.range ?? w.wrong) : w.tooLong;
  if (i.code === 'invalid_format' && i.format === 'date') return w.date;
  // A value not offered, of no form the schema knows, none of a union's: the field is filled in wrongly.
  return w.wrong;
}

/**
 * What is wrong with a form or request, in the words of its page: each field by its label (`names`, keyed by the
 * field's path without list positions; '' names the whole body) and what is wrong with it, once each. zod's own
 * messages are English and name fields by their code (`applicantName Too small: expected string to have >=1 characters`).
 */
function formIssues(e: z.ZodError, names: Readonly<Record<string, string>>, words: IssueWords): string[] {
  return [...new Set(e.issues.map((i) => `${nameOf(i.path, names)}：${what(i, words)}`))];
}

/** A form or request read by its schema, or what is wrong with it in the words of its page. */
export type FormParse<T> = { ok: true; data: T } | { ok: false; message: string; issues: readonly string[] };

/**
 * Reads `input` with `schema`; when it does not fit, says what is wrong as formIssues does (`message`: all of it in one sentence). The one way to word
 * a schema's issues: it parses with `{ reportInput: true }`, without which a value of the wrong type reads as missing.
 */
export function parseForm<S extends z.ZodType>(schema: S, input: unknown, names: Readonly<Record<string, string>>, words: IssueWords): FormParse<z.output<S>> {
  const parsed = schema.safeParse(input, { reportInput: true });
  if (parsed.success) return { ok: true, data: parsed.data };
  const issues = formIssues(parsed.error, names, words);
  return { ok: false, message: issues.join('；'), issues };
}
