import { afterAll } from 'vitest';
import { dropTestDatabases } from './backend.ts';

// Each test file's offices leave their PostgreSQL databases behind for restarts; they go when the file ends.
afterAll(dropTestDatabases);
