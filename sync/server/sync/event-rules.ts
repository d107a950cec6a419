import { type ReceiptBlock } from '#protocol/documents/office.ts';
import { type CaseEventDoc } from '#protocol/documents/van.ts';

/** The business rules the sync layer needs, all taken from domain/ (never restated here). */
export type EventRules = {
  authorSide(kind: string): 'van' | 'office' | 'unknown';
  /**
   * Whether the event's hash is the SHA-256 of its hash input. `hashInput`, when given, is that input as the
   * caller already wrote it (`eventTexts`); without it the rule writes it itself.
   */
  hashMatches(event: CaseEventDoc, hashInput?: string): Promise<boolean>;
  receiptInBlock(number: string, block: ReceiptBlock): boolean;
};
