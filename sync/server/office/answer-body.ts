import { type Result, err, ok } from '#domain/result.ts';

/** An answer longer than the reader would take: it was hung up on at `max` bytes. */
export type AnswerTooLarge = { kind: 'too-large'; max: number };

/**
 * The body of an answer from another system the office calls (a county's feed, the province's platform) as text,
 * read only up to `max` bytes: past that the connection is cancelled and nothing of it is kept. Read whole, an answer
 * without end would be held in the office's memory until it fell over (OWASP ASVS 4.0 12.1.1). A failure of the
 * connection itself is thrown, as `fetch` throws it.
 */
export async function bodyWithin(res: Response, max: number): Promise<Result<string, AnswerTooLarge>> {
  if (Number(res.headers.get('content-length') ?? 0) > max) {
    await res.body?.cancel();
    return err({ kind: 'too-large', max });
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  for (;;) {
    const part = reader ? await reader.read() : { done: true as const, value: undefined };
    if (part.done) break;
    size += part.value.byteLength;
    if (size > max) {
      await reader?.cancel();
      return err({ kind: 'too-large', max });
    }
    chunks.push(part.value);
  }
  return ok(Buffer.concat(chunks).toString('utf8'));
}
