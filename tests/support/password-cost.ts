import { MIN_PASSWORD_ITERATIONS } from '#server/auth/password-cost.ts';

/**
 * The PBKDF2 count the tests' offices hash passwords at (`buildOfficeApp({ passwordIterations })`): the least a
 * stored hash may carry. At the standard 600,000 a hash costs about a third of a second of CPU, and the suite signs
 * staff in well over a thousand times; the tests of the hashing itself (tests/security, the van keys) run their
 * offices at the standard cost and pin it.
 */
export const TEST_PASSWORD_ITERATIONS = MIN_PASSWORD_ITERATIONS;
