import { type ReceiptBlock } from '#protocol/documents/office.ts';
import { type CaseEventDoc } from '#protocol/documents/van.ts';

/** The business rules the sync layer needs, all taken from domain/ (never restated here). */
export type EventRules = {
  authorSide(kind: string): 'van' | 'office' | 'unknown';
  hashMatches(event: CaseEventDoc): Promise<boolean>;
  receiptInBlock(number: string, block: ReceiptBlock): boolean;
};
