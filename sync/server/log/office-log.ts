import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { pino, type Logger } from 'pino';
import { maskText, maskUrl, withoutRowValues } from './personal-data.ts';

/** Where the office writes its log unless told otherwise: `<data folder>/logs/office.log`. */
export const officeLogFile = (dataDir: string): string => join(dataDir, 'logs', 'office.log');

/** Request ids unique across restarts, so a line in the log can be matched to the id a user quotes. */
export const newRequestId = (): string => randomUUID();

/**
 * The office's log: pino JSON lines appended to `file`, written synchronously so that a line is on its way to
 * disk before the answer it describes is sent (and nothing is lost in a crash right after). A failed write
 * (a full disk) is reported on stderr and never takes the office down.
 *
 * No personal data in it (PIPL art. 28/51, see personal-data.ts): the request line's URL is masked, an error
 * loses the fields that quote row values, and each line is masked once more just before it is written.
 */
export function openOfficeLog(file: string, level = process.env['LOG_LEVEL'] ?? 'info'): Logger {
  mkdirSync(dirname(file), { recursive: true });
  const dest = pino.destination({ dest: file, append: true, sync: true });
  dest.on('error', (error: Error) => process.stderr.write(`office log ${file}: ${error.message}\n`));
  return pino(
    {
      level,
      name: 'office',
      timestamp: pino.stdTimeFunctions.isoTime,
      // These replace Fastify's own `req` and `err` serializers (its logger takes the instance's over its own).
      serializers: { req: officeRequestLine, err: (e: Error) => withoutRowValues(pino.stdSerializers.err(e)) },
      hooks: { streamWrite: maskText },
    },
    dest,
  );
}

/** What the log says of a request: Fastify's fields (method, url, host, address, port), the URL masked. */
export function officeRequestLine(req: { method?: string; url?: string; host?: string; ip?: string; headers?: Record<string, unknown>; socket?: { remotePort?: number } }): Record<string, unknown> {
  return {
    method: req.method,
    url: maskUrl(req.url ?? ''),
    version: req.headers?.['accept-version'],
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/**
 * Fastify's own log lines, with one change: a URL no route answers is named masked. Fastify's default puts the
 * raw URL into the message of its 404 line, past the `req` serializer (PIPL art. 28/51, see personal-data.ts).
 */
export class OfficeLogController extends LogController {
  override routeNotFound(request: FastifyRequest, _reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    request.log.info(`Route ${request.raw.method ?? ''}:${maskUrl(request.raw.url ?? '')} not found`);
  }
}
