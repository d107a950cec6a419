import { authorSide, hashEvent, receiptInBlock } from '#protocol/domain-bridge.ts';
import { type EventRules } from '#server/sync/event-rules.ts';

/** The sync layer's business rules, all from domain/ (through sync/protocol/domain-bridge.ts). */
export const domainEventRules: EventRules = {
  authorSide,
  async hashMatches(event) {
    const { hash, _deleted: _d, ...rest } = event;
    return (await hashEvent(rest)) === hash;
  },
  receiptInBlock,
};

/** Roles that may administer the office (enrollment codes, staff, receipt blocks, backups). */
export const OFFICE_ADMIN_ROLES: readonly string[] = ['admin'];
