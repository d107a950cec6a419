import { type OfficeRecords } from './records.ts';

/** What the office route modules share besides `app.office`. */
export type OfficeDeps = { records: OfficeRecords };
