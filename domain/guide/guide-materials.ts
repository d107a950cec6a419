import { type BusinessKind } from '#domain/business/business-kinds.ts';
import { requiredMaterials } from '#domain/materials/required-materials.ts';

/**
 * The materials a guide lists for a kind: the domain's 收件 list for the plain case, then what extra
 * circumstances add (an agent, a minor's property, a mortgaged unit), each marked as conditional.
 */
export function materialsFor(kind: BusinessKind): { name: string; note: string }[] {
  const base = requiredMaterials(kind);
  const out = base.map((s) => ({ name: s.name, note: [s.original ? '原件' : '复印件', s.note].filter(Boolean).join('，') }));
  const extras: [Parameters<typeof requiredMaterials>[1], string][] = [
    [{ agent: true }, '委托代理人办理的'],
    [{ minor: true }, '涉及未成年人不动产的'],
    [{ mortgaged: true }, '不动产已抵押的'],
  ];
  for (const [circumstances, when] of extras) {
    for (const s of requiredMaterials(kind, circumstances)) {
      if (base.some((b) => b.key === s.key) || out.some((o) => o.name === s.name)) continue;
      out.push({ name: s.name, note: [`${when}提交`, s.original ? '原件' : '复印件', s.note].filter(Boolean).join('，') });
    }
  }
  return out;
}
