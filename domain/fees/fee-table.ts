import { type BusinessKind, type PropertyUse, BUSINESS_KIND_KEYS, isBusinessKind } from '#domain/business/business-kinds.ts';
import { type Result, err, ok } from '#domain/result.ts';

/**
 * A fee standard as DATA (tables/*.json), never code, so a new notice is a new file and a receipt written years
 * ago is recomputed with the table it was quoted under (`id@version`).
 *
 * Treatments:
 * - `charged`: the registration fee for the use; the first certificate is included, each further one costs
 *   `certificateFen` (924号, 2559号).
 * - `halved` (减半): half the registration fee, first certificate still included.
 * - `free` (不收): nothing at all (查封, 注销, 预告 under 2559号; the office's own error).
 * - `exempt` (免收, 含第一本工本费): no registration fee; further certificates at `certificateFen`.
 * - `certificate-only` (只收工本费): `certificateFen` for every certificate, the first too.
 */
export type FeeTreatment = 'charged' | 'halved' | 'free' | 'exempt' | 'certificate-only';

export const FEE_TREATMENT_TEXT: Record<FeeTreatment, string> = {
  charged: '按件收取',
  halved: '减半收取',
  free: '不收取登记费',
  exempt: '免收（含第一本证书工本费）',
  'certificate-only': '只收证书工本费',
};

export type FeeSpecialCase = {
  key: string;
  name: string;
  treatment: Exclude<FeeTreatment, 'charged'>;
  /** The kinds it applies to; absent means any kind the table charges for. */
  kinds?: BusinessKind[];
  /** The uses it applies to (配套车库 only to parking units); absent means any. */
  uses?: PropertyUse[];
  /** Why it is limited, in Chinese, for the message when it is claimed outside its scope. */
  scope?: string;
  basis: string;
};

export type FeeTable = {
  id: string;
  version: number;
  title: string;
  shortTitle: string;
  /** First day in force, YYYY-MM-DD. */
  effectiveFrom: string;
  /** Last day in force, when replaced. */
  effectiveTo?: string;
  /** Public: printed in the service guide. */
  note?: string;
  /** For the office's own staff (provenance, open questions): never published. */
  internalNote?: string;
  registrationFen: Record<PropertyUse, number>;
  registrationItemName: Record<PropertyUse, string>;
  certificateFen: number;
  certificateItemName: string;
  /** Kinds that issue a 权属证书 (charged per extra book); the others issue a 登记证明 at no charge. */
  certificateKinds: BusinessKind[];
  certificateKindsNote?: string;
  kinds: Record<BusinessKind, { treatment: Exclude<FeeTreatment, 'exempt' | 'certificate-only'>; basis: string }>;
  specialCases: FeeSpecialCase[];
};

/** `gb-2016-2559@1`: what a quote and a receipt carry to name the exact rules. */
export const feeTableRef = (t: Pick<FeeTable, 'id' | 'version'>): string => `${t.id}@${t.version}`;

/** The number of the notice a table is (the part of its title before the 《name》). */
export const noticeNumber = (table: Pick<FeeTable, 'title' | 'shortTitle'>): string => table.title.split('《')[0]?.trim() || table.shortTitle;

export type FeeTableError = { code: 'invalid-fee-table'; path: string };

const USES: readonly PropertyUse[] = ['residential', 'non-residential', 'parking'];
const TREATMENTS: readonly FeeTreatment[] = ['charged', 'halved', 'free', 'exempt', 'certificate-only'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
/** Amounts must be whole, non-negative fen, and even so that 减半 is exact. */
const isEvenFen = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v % 2 === 0;

/**
 * Checks a table read from a file or received from the office. Written by hand rather than with zod because
 * domain/ depends on nothing; the first wrong field is named so the office can fix its table.
 */
export function parseFeeTable(input: unknown): Result<FeeTable, FeeTableError> {
  const bad = (path: string) => err<FeeTableError>({ code: 'invalid-fee-table', path });
  if (!isRecord(input)) return bad('$');
  const t = input;
  if (!isText(t.id) || !/^[a-z0-9-]+$/.test(t.id)) return bad('id');
  if (typeof t.version !== 'number' || !Number.isInteger(t.version) || t.version < 1) return bad('version');
  if (!isText(t.title)) return bad('title');
  if (!isText(t.shortTitle)) return bad('shortTitle');
  if (typeof t.effectiveFrom !== 'string' || !DATE.test(t.effectiveFrom)) return bad('effectiveFrom');
  if (t.effectiveTo !== undefined && (typeof t.effectiveTo !== 'string' || !DATE.test(t.effectiveTo) || t.effectiveTo < t.effectiveFrom)) return bad('effectiveTo');
  if (t.note !== undefined && typeof t.note !== 'string') return bad('note');
  if (t.internalNote !== undefined && typeof t.internalNote !== 'string') return bad('internalNote');
  const fees = t.registrationFen;
  const names = t.registrationItemName;
  if (!isRecord(fees)) return bad('registrationFen');
  if (!isRecord(names)) return bad('registrationItemName');
  for (const use of USES) {
    if (!isEvenFen(fees[use])) return bad(`registrationFen.${use}`);
    if (!isText(names[use])) return bad(`registrationItemName.${use}`);
  }
  if (!isEvenFen(t.certificateFen)) return bad('certificateFen');
  if (!isText(t.certificateItemName)) return bad('certificateItemName');
  if (!Array.isArray(t.certificateKinds) || !t.certificateKinds.every((k) => typeof k === 'string' && isBusinessKind(k))) return bad('certificateKinds');
  const kinds = t.kinds;
  if (!isRecord(kinds)) return bad('kinds');
  for (const kind of BUSINESS_KIND_KEYS) {
    const rule = kinds[kind];
    if (!isRecord(rule)) return bad(`kinds.${kind}`);
    if (rule.treatment !== 'charged' && rule.treatment !== 'halved' && rule.treatment !== 'free') return bad(`kinds.${kind}.treatment`);
    if (!isText(rule.basis)) return bad(`kinds.${kind}.basis`);
  }
  if (!Array.isArray(t.specialCases)) return bad('specialCases');
  const keys = new Set<string>();
  for (const [i, c] of t.specialCases.entries()) {
    if (!isRecord(c)) return bad(`specialCases[${i}]`);
    if (!isText(c.key) || !/^[a-z0-9-]+$/.test(c.key) || keys.has(c.key)) return bad(`specialCases[${i}].key`);
    keys.add(c.key);
    if (!isText(c.name)) return bad(`specialCases[${i}].name`);
    if (typeof c.treatment !== 'string' || c.treatment === 'charged' || !(TREATMENTS as readonly string[]).includes(c.treatment)) return bad(`specialCases[${i}].treatment`);
    if (c.kinds !== undefined && (!Array.isArray(c.kinds) || !c.kinds.every((k) => typeof k === 'string' && isBusinessKind(k)))) return bad(`specialCases[${i}].kinds`);
    if (c.uses !== undefined && (!Array.isArray(c.uses) || !c.uses.every((u) => (USES as readonly unknown[]).includes(u)))) return bad(`specialCases[${i}].uses`);
    if (c.scope !== undefined && !isText(c.scope)) return bad(`specialCases[${i}].scope`);
    if (!isText(c.basis)) return bad(`specialCases[${i}].basis`);
  }
  // Every field was checked above; the cast only restates that.
  return ok(t as unknown as FeeTable);
}
