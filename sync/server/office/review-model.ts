/**
 * The office's view of a case, as the review pages need it. Everything here is derived from domain/
 * (projection, deadlines, unit status) in domain-adapter.ts; this file only names the shapes.
 */
export type ReviewLevel = 1 | 2 | 3;
export const REVIEW_LEVELS: readonly ReviewLevel[] = [1, 2, 3];

/** What office staff can do to a case from the case page. */
export const OFFICE_ACTIONS = ['pass', 'return-for-correction', 'refuse', 'withdraw', 'start-publication', 'end-publication', 'register'] as const;
export type OfficeAction = (typeof OFFICE_ACTIONS)[number];
export const isOfficeAction = (s: string): s is OfficeAction => (OFFICE_ACTIONS as readonly string[]).includes(s);

export type CaseStatusView = {
  caseId: string;
  /** The domain's stage code and its Chinese label. */
  stage: string;
  stageLabel: string;
  /** An intake written before its notice, whose notice never followed: not an accepted case (domain/case/lifecycle.ts). */
  awaitsNotice: boolean;
  /** The review level the case waits for, or null when it waits for none. */
  awaitingLevel: ReviewLevel | null;
  /** Ready for 登簿 (all three levels passed). */
  awaitingRegistration: boolean;
  isClosed: boolean;
  acceptedAt: string | null;
  /**
   * ISO dates in working days from 受理 (domain/calendar/deadlines.ts): the legal 30 days (条例 第二十条) and the
   * promise printed on the notice, each moved on by the days paused (补正 in review, 暂停, 公告).
   */
  legalDue: string | null;
  promisedDue: string | null;
  /** `running`, `paused`, `done` (登簿: the limit stops) or `closed`; null before 受理. */
  clock: 'running' | 'paused' | 'done' | 'closed' | null;
  /** 法定 working days (条例 第二十条) and the promise the case is held to; working days paused so far. */
  legalDays: number | null;
  promisedDays: number | null;
  pausedWorkingDays: number;
  /** Working days left against each limit: as of today while the clock is open, as of 登簿 once done. */
  legalDaysLeft: number | null;
  promisedDaysLeft: number | null;
  /** Overdue now: the clock still open and a limit passed. A case registered late was late, not overdue. */
  isOverdue: boolean;
  /** A due date counted into a year whose holiday notice is not out (暂定). */
  provisional: boolean;
  reviewers: { level: ReviewLevel; staffId: string; at: string }[];
};
