/**
 * What a refused form had typed in, to show it again rather than an empty form to fill again: each named field that
 * came as text, the rest empty. A field over its limit comes back too, cut at `cut`, to be shortened, not typed again.
 */
export function typedFields<K extends string>(body: unknown, names: readonly K[], cut = 2000): Record<K, string> {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const out = {} as Record<K, string>;
  for (const n of names) {
    const v = b[n];
    out[n] = typeof v === 'string' ? v.slice(0, cut) : '';
  }
  return out;
}
