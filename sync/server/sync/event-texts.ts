import { canonicalJson } from '#protocol/canonical-json.ts';
import { type CaseEventDoc } from '#protocol/documents/van.ts';
import { eventHashInput } from '#domain/case/hash-chain.ts';
import { type UnhashedCaseEvent } from '#domain/case/events.ts';

/**
 * A pushed event's two texts: the one stored (`canonicalJson` of the document, the push's idempotency key) and
 * the one its hash is the SHA-256 of (`eventHashInput`). They share every field but `_deleted` and `hash`, so each
 * field is written once, straight to text (`jsonText`), and both are joined from the same pieces: `canonicalJson`
 * builds a sorted copy of every object before `JSON.stringify` writes it, and that copy was a third of what the
 * office allocated per pushed event. An event with other keys than the schema's (which the strict schema refuses
 * before this runs), or a value `jsonText` leaves to them, falls back to the two functions themselves, so the
 * texts are theirs in every case.
 */
export function eventTexts(event: CaseEventDoc): { stored: string; hashInput: string } {
  const fields = event as unknown as Record<string, unknown>;
  const keys = Object.keys(fields);
  if (keys.length !== 11) return slowTexts(event);
  // In canonical (sorted) order: `_deleted`, then the hashed fields around `hash`.
  const deleted = jsonText(fields['_deleted']);
  const actor = jsonText(fields['actor']);
  const at = jsonText(fields['at']);
  const caseId = jsonText(fields['caseId']);
  const deviceId = jsonText(fields['deviceId']);
  const hash = jsonText(fields['hash']);
  const id = jsonText(fields['id']);
  const kind = jsonText(fields['kind']);
  const payload = jsonText(fields['payload']);
  const prevHash = jsonText(fields['prevHash']);
  const seq = jsonText(fields['seq']);
  // Eleven keys, each of them one of the eleven (a missing one reads undefined): exactly the schema's keys.
  if (
    deleted === undefined || actor === undefined || at === undefined || caseId === undefined || deviceId === undefined || hash === undefined ||
    id === undefined || kind === undefined || payload === undefined || prevHash === undefined || seq === undefined
  ) {
    return slowTexts(event);
  }
  const before = `"actor":${actor},"at":${at},"caseId":${caseId},"deviceId":${deviceId}`;
  const after = `"id":${id},"kind":${kind},"payload":${payload},"prevHash":${prevHash},"seq":${seq}`;
  return { stored: `{"_deleted":${deleted},${before},"hash":${hash},${after}}`, hashInput: `{${before},${after}}` };
}

function slowTexts(event: CaseEventDoc): { stored: string; hashInput: string } {
  const { hash: _h, _deleted: _d, ...rest } = event;
  return { stored: canonicalJson(event), hashInput: eventHashInput(rest as unknown as UnhashedCaseEvent) };
}

/**
 * The canonical JSON of a value inside a document (keys sorted, as `canonicalJson` writes it), written directly,
 * or undefined for anything but plain JSON data, which is then left to `canonicalJson`: an undefined, a function,
 * a class instance, an array hole. An object key that starts with a digit is left to it too (its sorted copy puts
 * array-index keys first, in number order, as JavaScript orders an object's keys), and so is `__proto__` (setting
 * it on the copy drops it). Strings and numbers are written by `JSON.stringify`, as in `canonicalJson`.
 */
export function jsonText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      return undefined;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item = jsonText(value[i]);
      if (item === undefined) return undefined;
      out += i === 0 ? item : `,${item}`;
    }
    return `${out}]`;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const object = value as Record<string, unknown>;
  const keys = sortedInPlace(Object.keys(object));
  let out = '{';
  let first = true;
  for (const key of keys) {
    const c = key.charCodeAt(0);
    if ((c >= 48 && c <= 57) || key === '__proto__') return undefined;
    const v = object[key];
    if (v === undefined) continue; // left out, as `canonicalJson` leaves it
    const text = jsonText(v);
    if (text === undefined) return undefined;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${text}`;
    first = false;
  }
  return `${out}}`;
}

/**
 * The keys in the order `Array.prototype.sort` gives them (UTF-16 code units, which `<` compares), sorted in place
 * by insertion when they are few, as a document's objects' are: the built-in sort allocated a work array for each.
 */
function sortedInPlace(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort(); // insertion is quadratic
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}
