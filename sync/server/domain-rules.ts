import { hash } from 'node:crypto';
import { isCaseEventKind, mayAuthor, receiptInBlock } from '#protocol/domain-bridge.ts';
import { eventHashInput } from '#domain/case/hash-chain.ts';
import { type UnhashedCaseEvent } from '#domain/case/events.ts';
import { type CaseEventDoc } from '#protocol/documents/van.ts';
import { type EventRules } from '#server/sync/event-rules.ts';

/** The sync layer's business rules, all from domain/ (through sync/protocol/domain-bridge.ts). */
export const domainEventRules: EventRules = {
  authorSide: (kind) => (!isCaseEventKind(kind) ? 'unknown' : mayAuthor('van', kind) ? 'van' : 'office'),
  hashMatches(event, hashInput) {
    // The domain's hash (hashEvent) over the same text, with Node's native SHA-256 in one call (a string is hashed
    // as UTF-8): the pure-JS digest the domain must use was the largest single cost of taking a van's push.
    const digest = hash('sha256', hashInput ?? withoutHash(event), 'hex');
    return Promise.resolve(digest === event.hash);
  },
  receiptInBlock,
};

/** The hash input of an event the caller has no text for (the copy without `hash` is made only then). */
function withoutHash(event: CaseEventDoc): string {
  const { hash: _h, _deleted: _d, ...rest } = event;
  return eventHashInput(rest as unknown as UnhashedCaseEvent);
}

/** Roles that may administer the office (enrollment codes, staff, receipt blocks, backups): domain/staff/roles.ts. */
export const OFFICE_ADMIN_ROLES: readonly string[] = ['admin'];
