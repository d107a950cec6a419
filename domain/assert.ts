/** Marks a switch over a union as exhaustive: the compiler fails when a case is added and not handled. */
export function assertNever(value: never, context = 'unexpected value'): never {
  throw new Error(`${context}: ${JSON.stringify(value)}`);
}

/**
 * States an invariant. Only for bugs: expected failures are returned as results, never thrown.
 * @throws Error when the condition does not hold.
 */
export function strictAssert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Assertion failed: ${message}`);
}
