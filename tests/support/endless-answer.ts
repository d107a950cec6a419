import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';

export type EndlessAnswer = {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The padding's bytes that got onto the wire before the office hung up (or all of them). */
  written(): number;
  close(): Promise<void>;
};

/**
 * An HTTP endpoint that answers far more than the office will read, for its bounds on the answers it reads: every
 * request is answered 200 with `head`, then `padding` bytes of spaces a megabyte at a time, each written only as fast as
 * the office reads, then `tail`. It stops writing once the office hangs up.
 */
export async function startEndlessAnswer(opts: { contentType: string; head: string; padding: number; tail: string }): Promise<EndlessAnswer> {
  let written = 0;
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': opts.contentType });
    const chunk = Buffer.alloc(1024 * 1024, ' ');
    let gone = false;
    res.on('close', () => {
      gone = true;
    });
    void (async () => {
      res.write(opts.head);
      for (let sent = 0; sent < opts.padding && !gone; sent += chunk.length) {
        if (!res.write(chunk)) {
          // Until the office has read what is buffered, or hung up.
          await new Promise<void>((r) => {
            const on = () => {
              res.off('drain', on);
              res.off('close', on);
              r();
            };
            res.on('drain', on);
            res.on('close', on);
          });
        }
        if (!gone) written += chunk.length;
      }
      if (!gone) res.end(opts.tail);
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    written: () => written,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
