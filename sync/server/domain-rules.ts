import { hashEvent, isCaseEventKind, mayAuthor, receiptInBlock } from '#protocol/domain-bridge.ts';
import { type UnhashedCaseEvent } from '#domain/case/events.ts';
import { type EventRules } from '#server/sync/event-rules.ts';

/** The sync layer's business rules, all from domain/ (through sync/protocol/domain-bridge.ts). */
export const domainEventRules: EventRules = {
  authorSide: (kind) => (!isCaseEventKind(kind) ? 'unknown' : mayAuthor('van', kind) ? 'van' : 'office'),
  hashMatches(event) {
    const { hash, _deleted: _d, ...rest } = event;
    return Promise.resolve(hashEvent(rest as unknown as UnhashedCaseEvent) === hash);
  },
  receiptInBlock,
};

/** Roles that may administer the office (enrollment codes, staff, receipt blocks, backups): domain/staff/roles.ts. */
export const OFFICE_ADMIN_ROLES: readonly string[] = ['admin'];
