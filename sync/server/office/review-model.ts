/**
 * The office's view of a case, as the review pages need it. Everything here is derived from domain/
 * (projection, deadlines, unit status) in domain-adapter.ts; this file only names the shapes.
 */
export type ReviewLevel = 1 | 2 | 3;
export const REVIEW_LEVELS: readonly ReviewLevel[] = [1, 2, 3];

/** What office staff can do to a case from the case page. */
export const OFFICE_ACTIONS = ['pass', 'return-for-correction', 'refuse', 'withdraw', 'register'] as const;
export type OfficeAction = (typeof OFFICE_ACTIONS)[number];
export const isOfficeAction = (s: string): s is OfficeAction => (OFFICE_ACTIONS as readonly string[]).includes(s);

export type CaseStatusView = {
  caseId: string;
  /** The domain's stage code and its Chinese label. */
  stage: string;
  stageLabel: string;
  /** The review level the case waits for, or null when it waits for none. */
  awaitingLevel: ReviewLevel | null;
  /** Ready for 登簿 (all three levels passed). */
  awaitingRegistration: boolean;
  isClosed: boolean;
  acceptedAt: string | null;
  /** ISO dates, computed in working days from acceptance (restarted by 补正). */
  legalDue: string | null;
  promisedDue: string | null;
  reviewers: { level: ReviewLevel; staffId: string; at: string }[];
};
