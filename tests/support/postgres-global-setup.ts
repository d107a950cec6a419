import { type TestProject } from 'vitest/node';
import { startPostgresServer } from './postgres-server.ts';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- vitest's provide/inject typing is an interface
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}

/** One PostgreSQL server for the whole test run; each test file makes its own database on it. */
export function setup(project: TestProject): () => void {
  const server = startPostgresServer();
  // Stopped even when the run is interrupted, so no postgres outlives the tests.
  const onExit = () => server.stop();
  process.once('exit', onExit);
  project.provide('postgresAdminUrl', server.adminUrl);
  return () => {
    process.off('exit', onExit);
    server.stop();
  };
}
