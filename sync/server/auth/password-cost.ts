import { randomBytes } from 'node:crypto';
import { DEFAULT_PBKDF2_ITERATIONS, MAX_PBKDF2_ITERATIONS, MIN_PBKDF2_ITERATIONS, hashIterations, hashPassword } from '#protocol/password-hash.ts';

/**
 * The PBKDF2 iteration count at which an office hashes the passwords it is given and derives van keys from them
 * (`buildOfficeApp({ passwordIterations })`). An office started from the command line or by `npm start` uses
 * today's standard, 600,000 (OWASP Password Storage Cheat Sheet); the option exists so that tests of everything
 * but the hashing itself can sign in without paying a third of a second of CPU per hash, while the tests of the
 * hashing pin the standard cost. The lowest count is the least a stored hash may carry (password-hash.ts
 * `verifyPassword`).
 */
/** The office's cost: `iterations` when given (checked), today's standard otherwise. @throws on a count out of range. */
export function passwordCost(iterations: number | undefined): number {
  if (iterations === undefined) return DEFAULT_PBKDF2_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < MIN_PBKDF2_ITERATIONS || iterations > MAX_PBKDF2_ITERATIONS) {
    throw new Error(`passwordIterations must be an integer from ${MIN_PBKDF2_ITERATIONS} to ${MAX_PBKDF2_ITERATIONS}, not ${iterations}`);
  }
  return iterations;
}

/** A hash of `password` with a fresh salt at `iterations`. */
export const hashAtCost = (password: string, iterations: number): Promise<string> => hashPassword(password, randomBytes(16), iterations);

/** Whether a stored hash was made at a lower count than the office's: it is made again at the next sign-in. */
export const belowCost = (encoded: string, iterations: number): boolean => (hashIterations(encoded) ?? 0) < iterations;
