import { type FilingSlots } from './market/filing-slots.ts';
import { type OfficeRecords } from './records.ts';
import { type StatementStore } from './statement-store.ts';

/** What the office route modules share besides `app.office`. */
export type OfficeDeps = { records: OfficeRecords; statements: StatementStore; filings?: FilingSlots };
