import { MIN_PBKDF2_ITERATIONS } from '#protocol/password-hash.ts';

/**
 * The PBKDF2 count the tests' offices hash passwords at (`buildOfficeApp({ passwordIterations })`): the least a
 * stored hash may carry. At the standard 600,000 a hash costs about a third of a second of CPU, and the office,
 * sync, integration and security tests alone made 473 of them. The tests of the hashing itself keep the standard
 * cost and pin it (tests/security: login, login-transaction, portal-login-race, password-cost).
 */
export const TEST_PASSWORD_ITERATIONS = MIN_PBKDF2_ITERATIONS;
