import { pino } from 'pino';

const root = pino({ name: 'van', level: process.env['VAN_LOG_LEVEL'] ?? 'info' }, pino.destination(2));

/** One logger per module (CONTRIBUTING.md); everything goes to stderr so stdout stays for the URL line. */
export const createLogger = (module: string) => root.child({ module });
export type ModuleLogger = ReturnType<typeof createLogger>;
