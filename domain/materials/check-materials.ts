import { type ReceivedMaterial } from '#domain/case/events.ts';
import { type MaterialSpec } from '#domain/materials/required-materials.ts';

export type MaterialProblem = 'missing' | 'defective';

/** One line of the 一次性补正告知书: what is missing or not good enough, and why. */
export type MaterialShortfall = { key: string; name: string; problem: MaterialProblem; note?: string };

export type MaterialsCheck = { complete: boolean; shortfalls: MaterialShortfall[] };

/**
 * Compares what was received with what is required and lists EVERY shortfall at once, because 条例 第17条 requires
 * the office to tell the applicant everything to supply in one notice. Several receipts of one key add up (a copy
 * now, the rest after 补正).
 */
export function checkMaterials(required: readonly MaterialSpec[], received: readonly ReceivedMaterial[]): MaterialsCheck {
  const shortfalls: MaterialShortfall[] = [];
  for (const spec of required) {
    const got = received.filter((r) => r.key === spec.key && r.count > 0);
    if (got.length === 0) {
      shortfalls.push({ key: spec.key, name: spec.name, problem: 'missing' });
      continue;
    }
    const usable = spec.original ? got.filter((r) => r.original) : got;
    const count = usable.reduce((n, r) => n + r.count, 0);
    if (spec.original && usable.length === 0) {
      shortfalls.push({ key: spec.key, name: spec.name, problem: 'defective', note: '须提交原件，仅收到复印件' });
    } else if (count < spec.count) {
      shortfalls.push({ key: spec.key, name: spec.name, problem: 'defective', note: `须 ${spec.count} 份，仅收到 ${count} 份` });
    } else if (usable.some((r) => r.pages < 1)) {
      shortfalls.push({ key: spec.key, name: spec.name, problem: 'defective', note: '未记录页数' });
    }
  }
  return { complete: shortfalls.length === 0, shortfalls };
}
