import { type z } from 'zod';

/**
 * A form's fields as `schema` reads them, or undefined when the request is no such form (no body, another shape,
 * a field of the wrong type or overlong): the route then answers with the reason, as for any refused entry.
 */
export function formOf<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> | undefined {
  const parsed = schema.safeParse(body ?? {});
  return parsed.success ? parsed.data : undefined;
}
