/**
 * Lets the first `n` callers through only once all `n` have arrived (later callers pass at once): requests racing
 * each other have all read before any of them writes.
 */
export function barrier(n: number): () => Promise<void> {
  let arrived = 0;
  let open: () => void = () => undefined;
  const all = new Promise<void>((r) => (open = r));
  return async () => {
    if (++arrived > n) return;
    if (arrived === n) open();
    await all;
  };
}
