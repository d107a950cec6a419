import { pino, type Logger } from 'pino';

/** One logger per module (CONTRIBUTING.md), JSON lines on stderr. */
export function createLogger(module: string): Logger {
  return pino({ name: module, level: process.env['LOG_LEVEL'] ?? 'info' }, pino.destination(2));
}
