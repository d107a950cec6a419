import { type FastifyReply, type FastifyRequest } from 'fastify';
import { isApiRequest } from '#server/route-path.ts';
import { type OfficeStorage } from '#server/storage/storage.ts';
import { staffOf, type Staff } from './session.ts';
import { T } from './office-text.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { can, type Permission } from './permissions.ts';

const wantsHtml = (req: FastifyRequest): boolean => !isApiRequest(req);

/**
 * The staff member behind the request, holding permission `p`; otherwise the reply is sent (JSON
 * 401/403 for the API, a redirect to the login page or a 403 page for the pages) and undefined returned.
 */
export async function requirePermission(
  storage: OfficeStorage,
  req: FastifyRequest,
  reply: FastifyReply,
  p: Permission,
): Promise<Staff | undefined> {
  const staff = await staffOf(storage, req);
  if (!staff) {
    if (wantsHtml(req)) await reply.redirect(`/office/login?next=${encodeURIComponent(req.url)}`);
    else await reply.code(401).send({ code: 'unauthorized', message: T.login.required });
    return undefined;
  }
  if (!can(staff, p)) {
    await reply.code(403).type(wantsHtml(req) ? 'text/html; charset=utf-8' : 'application/json').send(
      // A page in the office's frame, with its links and a way back, not a bare line of text.
      wantsHtml(req) ? page(T.forbiddenTitle, html`<p class="flag" role="alert">${T.forbidden}</p><p><a href="/office/queues">${T.forbiddenBack}</a></p>`, staff) : { code: 'forbidden', message: T.forbidden },
    );
    return undefined;
  }
  return staff;
}
