import { assertNever } from '#domain/assert.ts';

/**
 * What the office knows about a building's legal standing, as decided by someone on some day:
 * - registered: recorded in the real-estate register (its units are the register's 不动产单元);
 * - unregistered: standing but never registered, not yet surveyed and judged;
 * - temporary: a temporary building approved until a date (临时建设工程规划许可);
 * - illegal: judged an unlawful building by the competent authority.
 * 《国有土地上房屋征收与补偿条例》第24条 sorts buildings exactly this way for compensation.
 */
export const BUILDING_STATUSES = ['registered', 'unregistered', 'temporary', 'illegal'] as const;
export type BuildingStatus = (typeof BUILDING_STATUSES)[number];

/** A status decision: the status, who decided it (an authority or a staff member), on which day, on what basis. */
export type StatusDecision = {
  status: BuildingStatus;
  /** The deciding body or person, as written on the decision (e.g. 佳木斯市自然资源局). */
  decidedBy: string;
  /** Day of the decision, YYYY-MM-DD (Beijing time). */
  decidedOn: string;
  /** The document the decision rests on: certificate, permit or decision number. */
  basis: string;
  /** Temporary buildings only: the last day of the approved period, YYYY-MM-DD. */
  approvedUntil: string | null;
};

/**
 * The status a building has on a given day: a temporary building is within its approved period up to and
 * including its last day, and past it from the day after (第24条: 未超过 / 超过批准期限的临时建筑).
 */
export const STATUS_CATEGORIES = ['registered', 'temporary-valid', 'unregistered', 'temporary-expired', 'illegal'] as const;
export type StatusCategory = (typeof STATUS_CATEGORIES)[number];

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * @throws Error for a temporary decision without a valid last day, or a day not in YYYY-MM-DD form: both are
 * refused when decisions are stored, so meeting one here is a bug.
 */
export function statusOn(decision: StatusDecision, day: string): StatusCategory {
  if (!DAY.test(day)) throw new Error(`not a day: ${day}`);
  switch (decision.status) {
    case 'registered':
    case 'unregistered':
    case 'illegal':
      return decision.status;
    case 'temporary': {
      const until = decision.approvedUntil;
      if (until === null || !DAY.test(until)) throw new Error('temporary building without an approved period');
      return day <= until ? 'temporary-valid' : 'temporary-expired';
    }
    default:
      return assertNever(decision.status, 'building status');
  }
}

export type DecisionError = 'no-decider' | 'no-basis' | 'bad-day' | 'period-missing' | 'period-not-allowed' | 'period-before-decision';

/** Checks a new decision before it is stored. */
export function checkDecision(d: StatusDecision): DecisionError | null {
  if (d.decidedBy.trim() === '') return 'no-decider';
  if (d.basis.trim() === '') return 'no-basis';
  if (!DAY.test(d.decidedOn)) return 'bad-day';
  if (d.status === 'temporary') {
    if (d.approvedUntil === null || !DAY.test(d.approvedUntil)) return 'period-missing';
    if (d.approvedUntil < d.decidedOn) return 'period-before-decision';
  } else if (d.approvedUntil !== null) return 'period-not-allowed';
  return null;
}
