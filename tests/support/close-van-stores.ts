import { afterAll } from 'vitest';
import { closeLeftVanStores } from './van-stores-left.ts';

/**
 * After each test file of a worker: the van stores it left open are closed, and a file that left RxDB's clock ahead
 * fails by name (van-stores-left.ts). A file's own `afterAll` runs first (vitest runs after-hooks in reverse order of
 * registration, and this one is registered before the file's).
 */
afterAll(closeLeftVanStores);
