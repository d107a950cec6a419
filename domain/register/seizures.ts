import { addDays, chinaDate } from '#domain/calendar/china-time.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { type CourtDocument, type EntryOf, type RegisterEntry, type RegisterEntryBody, inRegisterOrder } from './entries.ts';
import { isIsoDate, periodEnd } from './periods.ts';

/**
 * Court seizures of one unit: 查封, 轮候查封, 续封 and 解封, and the lapse of a seizure whose period ran out.
 *
 * - A seizure takes effect when its 协助执行通知书 reaches the office (最高人民法院《关于人民法院民事执行中查封、扣押、
 *   冻结财产的规定》第一条第二款). Two courts seizing one unit: the first delivered is 查封, later ones 轮候查封, ranked
 *   by delivery time (《不动产登记暂行条例实施细则》第九十一条).
 * - When the seizure is lifted, the first 轮候查封 takes effect by itself (同规定 第二十六条第一款; 最高人民法院 国土资源部
 *   建设部《关于依法规范人民法院执行和国土资源房地产管理部门协助执行若干问题的通知》第二十条). Its period then runs from
 *   that day for the term its ruling set.
 * - A seizure whose period ends without 续封 loses its effect (同规定 第二十七条; 实施细则 第九十二条第二款); the next in
 *   line then takes effect the following day, as on a lift.
 * - A real-estate seizure lasts at most three years, and each 续封 at most three more, applied for before the period
 *   ends (《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第四百八十五条).
 */

/** 三年 (民诉法解释 第四百八十五条第一款, 第二款 for each 续封). */
export const MAX_SEIZURE_MONTHS = 36;

export type SeizureStanding = 'effective' | 'waiting' | 'lifted' | 'lapsed';

export type SeizureView = {
  seizureId: string;
  document: CourtDocument;
  respondent: string;
  standing: SeizureStanding;
  /** 1 for the seizure in effect, 2, 3… for the 轮候 queue in order; null once it has ended. */
  rank: number | null;
  /** The period in force; set once the seizure has taken effect. */
  from: string | null;
  to: string | null;
  termMonths: number | null;
  renewals: { document: CourtDocument; to: string }[];
  /** The day it stopped having effect (the lift's delivery day, or the day after the period's last day). */
  endedOn: string | null;
  lift: { document: CourtDocument; reason: string; recordedBy: string } | null;
  recordedAt: string;
  recordedBy: string;
};

export type SeizureState = { effective: SeizureView | null; waiting: SeizureView[]; ended: SeizureView[] };

type CourtEntry = EntryOf<'seizure-recorded'> | EntryOf<'seizure-renewed'> | EntryOf<'seizure-lifted'>;

const isCourtEntry = (e: RegisterEntry): e is CourtEntry =>
  e.kind === 'seizure-recorded' || e.kind === 'seizure-renewed' || e.kind === 'seizure-lifted';

/** Walks the court acts in delivery order, letting periods run out between them, up to and including `today`. */
export function seizuresOn(entries: readonly RegisterEntry[], today: string): SeizureState {
  const state: SeizureState = { effective: null, waiting: [], ended: [] };
  const acts = entries.filter(isCourtEntry).sort(inRegisterOrder);
  for (const act of acts) {
    const day = chinaDate(act.document.deliveredAt);
    runUntil(state, day);
    apply(state, act, day);
  }
  runUntil(state, today);
  return withRanks(state);
}

/** Lapses every effective seizure whose last day is before `day`, each handing over to the next in line. */
function runUntil(state: SeizureState, day: string): void {
  while (state.effective?.to != null && state.effective.to < day) {
    end(state, { ...state.effective, standing: 'lapsed', endedOn: addDays(state.effective.to, 1) });
  }
}

function end(state: SeizureState, ended: SeizureView): void {
  state.ended.push({ ...ended, rank: null });
  state.effective = null;
  const next = state.waiting.shift();
  if (next && ended.endedOn !== null) takeEffect(state, next, ended.endedOn);
}

function takeEffect(state: SeizureState, s: SeizureView, day: string): void {
  state.effective = { ...s, standing: 'effective', from: day, to: periodEnd(day, s.termMonths ?? MAX_SEIZURE_MONTHS) };
}

function apply(state: SeizureState, e: CourtEntry, day: string): void {
  switch (e.kind) {
    case 'seizure-recorded': {
      const view: SeizureView = {
        seizureId: e.seizureId, document: e.document, respondent: e.respondent, standing: 'waiting', rank: null,
        from: null, to: null, termMonths: e.termMonths, renewals: [], endedOn: null, lift: null, recordedAt: e.recordedAt, recordedBy: e.recordedBy,
      };
      if (state.effective) state.waiting.push(view);
      else if (e.from !== null && e.to !== null) state.effective = { ...view, standing: 'effective', from: e.from, to: e.to };
      else takeEffect(state, view, day);
      return;
    }
    case 'seizure-renewed':
      if (state.effective?.seizureId === e.seizureId) {
        state.effective = { ...state.effective, to: e.to, renewals: [...state.effective.renewals, { document: e.document, to: e.to }] };
      }
      return;
    case 'seizure-lifted': {
      const lift = { document: e.document, reason: e.reason, recordedBy: e.recordedBy };
      if (state.effective?.seizureId === e.seizureId) {
        end(state, { ...state.effective, standing: 'lifted', endedOn: day, lift });
        return;
      }
      const i = state.waiting.findIndex((w) => w.seizureId === e.seizureId);
      const [lifted] = i >= 0 ? state.waiting.splice(i, 1) : [];
      if (lifted) state.ended.push({ ...lifted, standing: 'lifted', endedOn: day, lift });
      return;
    }
  }
}

function withRanks(state: SeizureState): SeizureState {
  return {
    effective: state.effective && { ...state.effective, rank: 1 },
    waiting: state.waiting.map((w, i) => ({ ...w, rank: i + 2 })),
    ended: state.ended,
  };
}

export type CourtAct =
  | { act: 'seize'; seizureId: string; document: CourtDocument; respondent: string; from: string | null; to: string | null; termMonths: number | null }
  | { act: 'renew'; seizureId: string; document: CourtDocument; to: string }
  | { act: 'lift'; seizureId: string; document: CourtDocument; reason: string };

export type CourtActRefusal =
  | 'document-incomplete'
  | 'delivered-in-future'
  | 'delivered-out-of-order'
  | 'respondent-missing'
  | 'period-missing'
  | 'term-missing'
  | 'period-invalid'
  | 'period-too-long'
  | 'period-over'
  | 'unknown-seizure'
  | 'not-effective'
  | 'already-ended'
  | 'lapsed'
  | 'renewal-not-later'
  | 'reason-required';

export type DecidedCourtAct = { body: Extract<RegisterEntryBody, { kind: 'seizure-recorded' | 'seizure-renewed' | 'seizure-lifted' }>; standing: 'effective' | 'waiting' | 'ended'; rank: number | null };

/**
 * Whether a court's act can be recorded on a unit with these entries, and what it becomes: the register records
 * acts in the order they were delivered, so each act's standing is final when it is recorded.
 */
export function decideCourtAct(entries: readonly RegisterEntry[], act: CourtAct, now: string): Result<DecidedCourtAct, CourtActRefusal> {
  const d = act.document;
  if ([d.court, d.noticeNumber, d.rulingNumber].some((s) => s.trim() === '') || Number.isNaN(Date.parse(d.deliveredAt))) return err('document-incomplete');
  if (Date.parse(d.deliveredAt) > Date.parse(now)) return err('delivered-in-future');
  const latest = entries.filter(isCourtEntry).reduce((max, e) => Math.max(max, Date.parse(e.document.deliveredAt)), 0);
  if (Date.parse(d.deliveredAt) < latest) return err('delivered-out-of-order');
  const day = chinaDate(d.deliveredAt);
  const state = seizuresOn(entries, day);
  switch (act.act) {
    case 'seize':
      return decideSeizure(state, act, day);
    case 'renew':
      return decideRenewal(state, act);
    case 'lift': {
      if (act.reason.trim() === '') return err('reason-required');
      const target = state.effective?.seizureId === act.seizureId ? state.effective : state.waiting.find((w) => w.seizureId === act.seizureId);
      if (!target) return err(endedAs(state, act.seizureId));
      return ok({ body: { kind: 'seizure-lifted', seizureId: act.seizureId, document: d, reason: act.reason.trim() }, standing: 'ended', rank: null });
    }
  }
}

function decideSeizure(state: SeizureState, act: Extract<CourtAct, { act: 'seize' }>, day: string): Result<DecidedCourtAct, CourtActRefusal> {
  if (act.respondent.trim() === '') return err('respondent-missing');
  const body = (from: string | null, to: string | null, termMonths: number | null) =>
    ({ kind: 'seizure-recorded', seizureId: act.seizureId, document: act.document, respondent: act.respondent.trim(), from, to, termMonths }) as const;
  if (state.effective) {
    // 轮候查封: no period runs until it takes effect; the ruling's term is kept for that day.
    if (act.termMonths === null) return err('term-missing');
    if (!Number.isInteger(act.termMonths) || act.termMonths < 1) return err('period-invalid');
    if (act.termMonths > MAX_SEIZURE_MONTHS) return err('period-too-long');
    return ok({ body: body(null, null, act.termMonths), standing: 'waiting', rank: state.waiting.length + 2 });
  }
  if (act.from === null || act.to === null) return err('period-missing');
  if (!isIsoDate(act.from) || !isIsoDate(act.to) || act.from > act.to) return err('period-invalid');
  if (act.to > periodEnd(act.from, MAX_SEIZURE_MONTHS)) return err('period-too-long');
  if (act.to < day) return err('period-over');
  return ok({ body: body(act.from, act.to, act.termMonths), standing: 'effective', rank: 1 });
}

function decideRenewal(state: SeizureState, act: Extract<CourtAct, { act: 'renew' }>): Result<DecidedCourtAct, CourtActRefusal> {
  const current = state.effective;
  if (current?.seizureId !== act.seizureId || current.to === null) {
    if (state.waiting.some((w) => w.seizureId === act.seizureId)) return err('not-effective');
    return err(endedAs(state, act.seizureId));
  }
  if (!isIsoDate(act.to)) return err('period-invalid');
  if (act.to <= current.to) return err('renewal-not-later');
  if (act.to > periodEnd(current.to, MAX_SEIZURE_MONTHS)) return err('period-too-long');
  return ok({ body: { kind: 'seizure-renewed', seizureId: act.seizureId, document: act.document, to: act.to }, standing: 'effective', rank: 1 });
}

/** Why an act cannot reach a seizure that is not active: its period ran out, it was lifted, or there is none. */
function endedAs(state: SeizureState, seizureId: string): CourtActRefusal {
  const ended = state.ended.find((s) => s.seizureId === seizureId);
  if (!ended) return 'unknown-seizure';
  return ended.standing === 'lapsed' ? 'lapsed' : 'already-ended';
}
