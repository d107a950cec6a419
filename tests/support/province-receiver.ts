import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { answerXml, readHead } from '#server/office/province/exchange-xml.ts';

/** What the stand-in does with the next request: answer, fail with HTTP 503, hang past the sender's timeout, or refuse the content. */
export type ReceiverMode = 'accept' | 'fail' | 'hang' | 'reject';

/**
 * A stand-in for the province platform on a real HTTP port: it keeps each 接入 message once by its 业务报文ID (a message
 * sent again is answered as received and not stored twice, as the platform does), and can be told to fail, hang or refuse.
 */
export class ProvinceReceiver {
  /** Messages stored, by BizMsgID, in arrival order. */
  readonly stored = new Map<string, { head: Record<string, string>; xml: string }>();
  /** Every request that reached it, stored or not. */
  requests = 0;
  mode: ReceiverMode = 'accept';
  /** When set, the answer to an accepted message comes this late (the message is stored at once). */
  answerDelayMs = 0;
  private readonly hung = new Set<() => void>();

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<ProvinceReceiver> {
    const holder: { self?: ProvinceReceiver } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => holder.self?.handle(Buffer.concat(chunks).toString('utf8'), (status, body) => res.writeHead(status, { 'content-type': 'application/xml; charset=utf-8' }).end(body)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const self = new ProvinceReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/exchange`);
    holder.self = self;
    return self;
  }

  private handle(xml: string, send: (status: number, body: string) => void): void {
    this.requests += 1;
    if (this.mode === 'fail') return send(503, '<html>维护中</html>');
    if (this.mode === 'hang') {
      this.hung.add(() => send(503, ''));
      return;
    }
    const head = readHead(xml);
    const id = head?.['BizMsgID'] ?? '';
    if (!head || this.mode === 'reject') return send(200, answerXml({ bizMsgId: id, success: false, code: 'E0101', info: '报文内容不符合接入规范' }));
    const known = this.stored.has(id);
    if (!known) this.stored.set(id, { head, xml });
    const answer = answerXml({ bizMsgId: id, success: true, code: known ? 'D0000' : '00000', info: known ? '报文已接收过' : '接收成功' });
    if (this.answerDelayMs > 0) setTimeout(() => send(200, answer), this.answerDelayMs);
    else send(200, answer);
  }

  async stop(): Promise<void> {
    for (const release of this.hung) release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
