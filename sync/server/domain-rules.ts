import { createHash } from 'node:crypto';
import { isCaseEventKind, mayAuthor, receiptInBlock } from '#protocol/domain-bridge.ts';
import { eventHashInput } from '#domain/case/hash-chain.ts';
import { type UnhashedCaseEvent } from '#domain/case/events.ts';
import { type EventRules } from '#server/sync/event-rules.ts';

/** The sync layer's business rules, all from domain/ (through sync/protocol/domain-bridge.ts). */
export const domainEventRules: EventRules = {
  authorSide: (kind) => (!isCaseEventKind(kind) ? 'unknown' : mayAuthor('van', kind) ? 'van' : 'office'),
  hashMatches(event, hashInput) {
    const { hash, _deleted: _d, ...rest } = event;
    // The domain's hash (hashEvent) over the same text, with Node's native SHA-256: the pure-JS digest the
    // domain must use was the largest single cost of taking a van's push.
    const digest = createHash('sha256').update(hashInput ?? eventHashInput(rest as unknown as UnhashedCaseEvent), 'utf8').digest('hex');
    return Promise.resolve(digest === hash);
  },
  receiptInBlock,
};

/** Roles that may administer the office (enrollment codes, staff, receipt blocks, backups): domain/staff/roles.ts. */
export const OFFICE_ADMIN_ROLES: readonly string[] = ['admin'];
