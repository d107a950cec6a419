// In domain/ because both sides say it: the van's 同步 screen heads each refused record with it, and the office
// names the record in its reason for refusing it, which the van's 案件 screen shows alone.

/** What each kind of van record (a van collection) is called on the screens. */
export const RECORD_TEXT: Readonly<Record<string, string>> = { cases: '案件', caseEvents: '案件记录', receipts: '收费票据', scans: '扫描件', tripLedger: '出车记录' };
