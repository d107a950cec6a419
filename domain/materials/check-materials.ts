import { type ReceivedMaterial, type ShortfallLine } from '#domain/case/events.ts';
import { type MaterialSpec } from '#domain/materials/required-materials.ts';

export type MaterialProblem = 'missing' | 'defective';

/** One line of the 一次性补正告知书: what is missing or not good enough, why, and the provision asking for it. */
export type MaterialShortfall = ShortfallLine;

export type MaterialsCheck = { complete: boolean; shortfalls: MaterialShortfall[] };

export const SHORTFALL_TEXT = {
  missing: (spec: Pick<MaterialSpec, 'original' | 'count'>) => `未提交，须提交${spec.original ? '原件' : '复印件（核验原件）'}${spec.count > 1 ? ` ${spec.count} 份` : ''}`,
  copyOnly: '须提交原件，仅收到复印件',
  tooFew: (need: number, got: number) => `须 ${need} 份，仅收到 ${got} 份`,
  noPages: '未记录页数',
} as const;

const withBasis = (spec: MaterialSpec, line: Omit<ShortfallLine, 'basis'>): ShortfallLine => (spec.basis ? { ...line, basis: spec.basis } : line);

/**
 * Compares what was received with what is required and lists EVERY shortfall at once, because
 * 《不动产登记暂行条例》第十七条第一款第（三）项 requires the office to say everything to supply in one notice.
 * Several receipts of one key add up (a copy now, the rest after 补正). A material counts as defective when a
 * copy came where the original is required, or fewer copies than required.
 */
export function checkMaterials(required: readonly MaterialSpec[], received: readonly ReceivedMaterial[]): MaterialsCheck {
  const shortfalls: MaterialShortfall[] = [];
  for (const spec of required) {
    const got = received.filter((r) => r.key === spec.key && r.count > 0);
    if (got.length === 0) {
      shortfalls.push(withBasis(spec, { key: spec.key, name: spec.name, problem: 'missing', note: SHORTFALL_TEXT.missing(spec) }));
      continue;
    }
    const usable = spec.original ? got.filter((r) => r.original) : got;
    const count = usable.reduce((n, r) => n + r.count, 0);
    if (spec.original && usable.length === 0) {
      shortfalls.push(withBasis(spec, { key: spec.key, name: spec.name, problem: 'defective', note: SHORTFALL_TEXT.copyOnly }));
    } else if (count < spec.count) {
      shortfalls.push(withBasis(spec, { key: spec.key, name: spec.name, problem: 'defective', note: SHORTFALL_TEXT.tooFew(spec.count, count) }));
    } else if (usable.some((r) => r.pages < 1)) {
      shortfalls.push(withBasis(spec, { key: spec.key, name: spec.name, problem: 'defective', note: SHORTFALL_TEXT.noPages }));
    }
  }
  return { complete: shortfalls.length === 0, shortfalls };
}
