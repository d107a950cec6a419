import { canonicalJson } from '#protocol/canonical-json.ts';
import { type CaseEventDoc } from '#protocol/documents/van.ts';
import { eventHashInput } from '#domain/case/hash-chain.ts';
import { type UnhashedCaseEvent } from '#domain/case/events.ts';

/** The keys of a checked event document (CaseEventDoc, a strict object), sorted as canonical JSON sorts them. */
const EVENT_KEYS = ['_deleted', 'actor', 'at', 'caseId', 'deviceId', 'hash', 'id', 'kind', 'payload', 'prevHash', 'seq'];
/** The keys the hash input holds: the event's content and the previous hash (`eventHashInput`). */
const NOT_HASHED = new Set(['_deleted', 'hash']);

/**
 * A pushed event's two texts: the one stored (`canonicalJson` of the document, the push's idempotency key) and
 * the one its hash is the SHA-256 of (`eventHashInput`). Both hold the payload's canonical JSON, the bulk of an
 * event, so it is written once and both are joined from the same pieces: the office took a third of an event's
 * canonical JSON work twice. An event with other keys than the schema's (which the strict schema refuses before
 * this runs) falls back to the two functions themselves, so the texts are theirs in every case.
 */
export function eventTexts(event: CaseEventDoc): { stored: string; hashInput: string } {
  const keys = Object.keys(event).sort();
  if (keys.length !== EVENT_KEYS.length || keys.some((k, i) => k !== EVENT_KEYS[i])) return slowTexts(event);
  const fields = event as unknown as Record<string, unknown>;
  const stored: string[] = [];
  const hashed: string[] = [];
  for (const key of EVENT_KEYS) {
    const value = fields[key];
    if (value === undefined) return slowTexts(event); // canonical JSON leaves such a key out
    // An object (the payload) is put in an array: canonicalJson drops keys named like RxDB's local fields at
    // the top of a document only, and the payload keeps its own.
    const text = typeof value === 'object' && value !== null ? canonicalJson([value]).slice(1, -1) : JSON.stringify(value);
    const field = `${JSON.stringify(key)}:${text}`;
    stored.push(field);
    if (!NOT_HASHED.has(key)) hashed.push(field);
  }
  return { stored: `{${stored.join(',')}}`, hashInput: `{${hashed.join(',')}}` };
}

function slowTexts(event: CaseEventDoc): { stored: string; hashInput: string } {
  const { hash: _h, _deleted: _d, ...rest } = event;
  return { stored: canonicalJson(event), hashInput: eventHashInput(rest as unknown as UnhashedCaseEvent) };
}
