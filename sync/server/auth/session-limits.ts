/**
 * How long a signed-in session lasts, the staff's and the portals' alike (OWASP ASVS 4.0 3.3.2, level 2): 12 hours
 * from sign-in however busy it is, and ended after 30 minutes without a request, so a session left open on a shared
 * counter PC or an officer's desk is not there for the next person. A session row keeps its sign-in time and its
 * deadline; each request moves the deadline on to 30 minutes later, never past the 12 hours.
 */
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;
export const SESSION_IDLE_MS = 30 * 60_000;
/** The deadline is moved at most once a minute: a page's polling does not write a row on every request. */
const SLIDE_STEP_MS = 60_000;

/** The latest a session signed in at `createdAt` can last: the cookie's expiry and the API's `expiresAt`. */
export const absoluteDeadline = (createdAt: Date): string => new Date(createdAt.getTime() + SESSION_ABSOLUTE_MS).toISOString();

/** The deadline of a session signed in at `createdAt` that was used at `now`. */
export const idleDeadline = (createdAt: Date, now: Date): string => new Date(Math.min(createdAt.getTime() + SESSION_ABSOLUTE_MS, now.getTime() + SESSION_IDLE_MS)).toISOString();

/** The session's new deadline after a request at `now`, or null when it need not move yet. */
export function movedDeadline(session: { createdAt: string; expiresAt: string }, now: Date): string | null {
  const next = idleDeadline(new Date(session.createdAt), now);
  return Date.parse(next) - Date.parse(session.expiresAt) >= SLIDE_STEP_MS ? next : null;
}
