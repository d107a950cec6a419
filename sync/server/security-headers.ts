import { type FastifyInstance } from 'fastify';

/**
 * The office's pages are server-rendered HTML with inline CSS; the map page adds its own script, stylesheet and
 * data requests, all from the office itself. CSP (W3C CSP Level 3) allows exactly that and no inline script;
 * `frame-ancestors 'none'` and X-Frame-Options keep the pages out of other sites' frames (clickjacking);
 * `form-action 'self'` keeps forms posting home.
 */
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * Headers on every answer of the office: no MIME sniffing; the referrer only to the office itself
 * (`same-origin`: a same-origin form post still carries its Origin, which the CSRF guard reads, while
 * `no-referrer` would make it "null"); and the page policy on every HTML page.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', (_req, reply, payload, done) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'same-origin');
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/html')) {
      void reply.header('content-security-policy', PAGE_CSP);
      void reply.header('x-frame-options', 'DENY');
    }
    done(null, payload);
  });
}
