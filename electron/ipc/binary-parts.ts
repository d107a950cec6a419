/**
 * Bytes in calls and answers of the HTTP transport. Electron's IPC carries a Uint8Array as it is (structured
 * clone); JSON cannot, and base64 inflates it by a third and costs an encode and a decode on each side. So a call
 * or an answer holding bytes travels as multipart/form-data (RFC 7578): a `json` part in which each Uint8Array
 * is replaced by `{ "$bytes": n }`, and part `n` holding its bytes as they are. Both halves of the transport use
 * this module (the page's client and the host's `/ipc/*` routes); plain data only, so the sandboxed page may
 * import it.
 */
const BYTES_KEY = '$bytes';
const JSON_PART = 'json';

/** Whether anything in `value` is a Uint8Array (a Buffer is one). */
export function holdsBytes(value: unknown): boolean {
  if (value instanceof Uint8Array) return true;
  if (Array.isArray(value)) return value.some(holdsBytes);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(holdsBytes);
  return false;
}

function separate(value: unknown, parts: Uint8Array[]): unknown {
  if (value instanceof Uint8Array) {
    parts.push(value);
    return { [BYTES_KEY]: parts.length - 1 };
  }
  if (Array.isArray(value)) return value.map((v) => separate(v, parts));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, separate(v, parts)]));
  return value;
}

/** `value` as a multipart body: its bytes as parts of their own, the rest as JSON. */
export function toFormData(value: unknown): FormData {
  const parts: Uint8Array[] = [];
  const form = new FormData();
  form.append(JSON_PART, JSON.stringify(separate(value, parts)));
  // A copy into a Blob: the part is sent as it is, never as text.
  parts.forEach((bytes, n) => form.append(String(n), new Blob([bytes.slice()])));
  return form;
}

export class BinaryPartsError extends Error {}

function restore(value: unknown, parts: readonly Uint8Array[]): unknown {
  if (Array.isArray(value)) return value.map((v) => restore(v, parts));
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === BYTES_KEY) {
    const n = (value as Record<string, unknown>)[BYTES_KEY];
    const bytes = typeof n === 'number' ? parts[n] : undefined;
    if (!bytes) throw new BinaryPartsError(`no byte part ${String(n)}`);
    return bytes;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restore(v, parts)]));
}

/** The value a multipart body of `toFormData` carried, its bytes back in place as Uint8Arrays. */
export async function fromFormData(form: FormData): Promise<unknown> {
  const json = form.get(JSON_PART);
  if (typeof json !== 'string') throw new BinaryPartsError('no json part');
  const parts: Uint8Array[] = [];
  for (let n = 0; ; n++) {
    const part = form.get(String(n));
    if (part === null) break;
    if (typeof part === 'string') throw new BinaryPartsError(`part ${n} is text, not bytes`);
    parts.push(new Uint8Array(await part.arrayBuffer()));
  }
  return restore(JSON.parse(json) as unknown, parts);
}

/** Whether a body of this content type is one of these multipart bodies. */
export const isMultipart = (contentType: string | null): boolean => (contentType ?? '').toLowerCase().startsWith('multipart/form-data');
