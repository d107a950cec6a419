import { type FastifyInstance } from 'fastify';
import { buildingLayout, type BuildingLayout } from '#domain/register/building.ts';
import { type RegisterView } from '#domain/register/project.ts';
import { API_BASE } from '#protocol/version.ts';
import { requirePermission } from '#server/office/access.ts';
import { html } from '#server/office/html.ts';
import { page } from '#server/office/layout.ts';
import { A } from './archive-text.ts';
import { renderBuildingPage } from './building-page.ts';
import { type RegisterService } from './register-service.ts';

const HTML = 'text/html; charset=utf-8';
/** The 24 characters of a building's part of the 不动产单元号 (GB/T 37346: parcel and 自然幢号). */
const BUILDING_KEY = /^[0-9A-Z]{24}$/;

/** The building view: its page, and its layout for the page's script and the API. */
export function registerBuildingRoutes(app: FastifyInstance, register: RegisterService): void {
  const { storage } = app.office;

  async function layoutOf(key: string): Promise<BuildingLayout | undefined> {
    if (!BUILDING_KEY.test(key)) return undefined;
    const views: RegisterView[] = [];
    for (const unit of await register.store.unitsOfBuilding(key)) {
      const v = await register.registerOf(unit);
      if (v) views.push(v);
    }
    return views.length === 0 ? undefined : buildingLayout(views);
  }

  app.get<{ Params: { key: string }; Querystring: { unit?: string } }>('/office/archive/buildings/:key', async (req, reply) => {
    const staff = await requirePermission(storage, req, reply, 'view');
    if (!staff) return reply;
    const layout = await layoutOf(req.params.key);
    if (!layout) return reply.code(404).type(HTML).send(page(A.building.title(req.params.key), html`<p class="flag">${A.building.unknown}</p>`, staff));
    const highlight = req.query.unit && layout.units.some((u) => u.unitNumber === req.query.unit) ? req.query.unit : null;
    return reply.type(HTML).send(page(A.building.title(layout.address), renderBuildingPage(req.params.key, layout, highlight), staff));
  });

  const answer = async (key: string) => (await layoutOf(key)) ?? null;
  app.get<{ Params: { key: string } }>('/office/archive/buildings/:key/layout.json', async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'view'))) return reply;
    return (await answer(req.params.key)) ?? reply.code(404).send({ code: 'not-found', message: A.building.unknown });
  });
  app.get<{ Params: { key: string } }>(`${API_BASE}/office/archive/buildings/:key`, async (req, reply) => {
    if (!(await requirePermission(storage, req, reply, 'view'))) return reply;
    return (await answer(req.params.key)) ?? reply.code(404).send({ code: 'not-found', message: A.building.unknown });
  });
}
