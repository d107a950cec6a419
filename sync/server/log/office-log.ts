import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pino, type Logger } from 'pino';

/** Where the office writes its log unless told otherwise: `<data folder>/logs/office.log`. */
export const officeLogFile = (dataDir: string): string => join(dataDir, 'logs', 'office.log');

/** Request ids unique across restarts, so a line in the log can be matched to the id a user quotes. */
export const newRequestId = (): string => randomUUID();

/**
 * The office's log: pino JSON lines appended to `file`, written synchronously so that a line is on its way to
 * disk before the answer it describes is sent (and nothing is lost in a crash right after). A failed write
 * (a full disk) is reported on stderr and never takes the office down.
 */
export function openOfficeLog(file: string, level = process.env['LOG_LEVEL'] ?? 'info'): Logger {
  mkdirSync(dirname(file), { recursive: true });
  const dest = pino.destination({ dest: file, append: true, sync: true });
  dest.on('error', (error: Error) => process.stderr.write(`office log ${file}: ${error.message}\n`));
  return pino({ level, name: 'office', timestamp: pino.stdTimeFunctions.isoTime }, dest);
}
