import { type FastifyRequest } from 'fastify';

/**
 * The path of the route a request reached, as the office declared it (`/portal/developer/filings/:id`). Every
 * rule chosen by a path's prefix (which session a request may ride on, which CSRF guard applies) reads it here,
 * never from `req.url`: the router decodes a percent-encoded path before matching (`/%70ortal/x` reaches the
 * route `/portal/x`) while `req.url` keeps the client's bytes, so a prefix test on `req.url` lets the client pick
 * the rules (OWASP ASVS 4.0 5.1.4 and 13.2.3: decide on the canonical form, not on what the client sent).
 * A request no route matched is judged by its decoded path.
 */
export function routePathOf(req: FastifyRequest): string {
  const declared = req.routeOptions.url;
  if (declared !== undefined) return declared;
  const raw = req.url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Whether a request reached the JSON API (`/api/…`), which takes the bearer header only. */
export const isApiRequest = (req: FastifyRequest): boolean => routePathOf(req).startsWith('/api/');
