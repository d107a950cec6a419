import { chinaDateTimeSeconds } from '#domain/calendar/china-time.ts';
import { type RegisterEntry } from './entries.ts';
import { type RegisterView } from './project.ts';
import { type SeizureView } from './seizures.ts';

/**
 * A unit's history as one timeline: every register entry, and the two changes the law makes without an entry —
 * a 轮候查封 taking effect when the seizure before it ends (最高人民法院《关于人民法院民事执行中查封、扣押、冻结
 * 财产的规定》第二十六条第一款), and a seizure lapsing when its period ends without 续封 (同规定 第二十七条).
 */
export type TimelineItem =
  | { kind: 'entry'; sortKey: string; entry: RegisterEntry }
  | { kind: 'seizure-took-effect' | 'seizure-lapsed'; sortKey: string; on: string; seizure: SeizureView };

/**
 * Newest first. A change by law sorts at the start of its day, before the entries of that day; a lapse comes
 * before the 轮候 it lets take effect.
 */
export function registerTimeline(view: Pick<RegisterView, 'history' | 'seizures'>): TimelineItem[] {
  const queued = new Set(view.history.flatMap((e) => (e.kind === 'seizure-recorded' && e.from === null ? [e.seizureId] : [])));
  const seizures = [...(view.seizures.effective ? [view.seizures.effective] : []), ...view.seizures.ended];
  const byLaw: TimelineItem[] = [];
  for (const s of seizures) {
    if (queued.has(s.seizureId) && s.from !== null) byLaw.push({ kind: 'seizure-took-effect', sortKey: `${s.from} 00:00:00#2`, on: s.from, seizure: s });
    if (s.standing === 'lapsed' && s.endedOn !== null) byLaw.push({ kind: 'seizure-lapsed', sortKey: `${s.endedOn} 00:00:00#1`, on: s.endedOn, seizure: s });
  }
  const entries: TimelineItem[] = view.history.map((entry) => ({ kind: 'entry', sortKey: `${chinaDateTimeSeconds(entry.recordedAt)}#${String(entry.seq).padStart(8, '0')}`, entry }));
  return [...entries, ...byLaw].sort((a, b) => (a.sortKey < b.sortKey ? 1 : a.sortKey > b.sortKey ? -1 : 0));
}
