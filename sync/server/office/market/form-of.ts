import { type z } from 'zod';

/**
 * A form's fields as `schema` reads them, or undefined when the request is no such form (no body, another shape,
 * a field of the wrong type or overlong): the route then answers with the reason, as for any refused entry.
 */
export function formOf<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> | undefined {
  const parsed = schema.safeParse(body ?? {});
  return parsed.success ? parsed.data : undefined;
}

/** A form's fields as typed (text only, cut to `max` characters), to show a refused form again as it was. */
export function typedFields(body: unknown, names: readonly string[], max = 2000): Record<string, string> {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return Object.fromEntries(names.map((n) => { const v = b[n]; return [n, typeof v === 'string' ? v.slice(0, max) : '']; }));
}
