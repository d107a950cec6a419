import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TRIP_ID } from '#fixtures/demo/constants.ts';
import { sql } from '#office/platform/db/sql.ts';
import { startOfficeWithPages } from '../office/harness.ts';
import { freeUnit, Van, type VanCase } from '../office/scenario.ts';
import { signedIn } from '../support/chromium.ts';
import { officeInBrowser } from '../support/office-in-browser.ts';

/**
 * Every staff page on a phone (375 px wide), opened in Chromium by the role it is for: the page is never wider than
 * the screen, so nothing of it (a table's last columns, a form's button, the map's panel) sits off to the right
 * where the page cannot be read. A wide table scrolls inside its own box (layout.ts); the map's panel goes under the map.
 */
const world = officeInBrowser(() => startOfficeWithPages({ market: true }));
const PHONE = { width: 375, height: 720 };
let accepted: VanCase;
let unit = '';

beforeAll(async () => {
  const van = await Van.enroll(world.office);
  accepted = await van.acceptCase(1, await freeUnit(world.office, 0), { appointmentId: 'appt-001' });
  await van.acceptCase(2, await freeUnit(world.office, 1), { appointmentId: 'appt-002', amountFen: 4000 });
  unit = (await world.office.storage.db.all<{ unit_number: string }>(sql`SELECT unit_number FROM archive_units ORDER BY unit_number LIMIT 1`))[0]?.unit_number ?? '';
});

/** The staff pages, each with a role that may open it; ids are filled in once the van's cases exist. */
const PAGES = (): [login: string, path: string][] => {
  const caseId = encodeURIComponent(accepted.caseId);
  return [
    ['wangfang', '/office/queues'],
    ['wangfang', `/office/cases/${caseId}`],
    ['wangfang', '/office/dashboard'],
    ['wangfang', '/office/map'],
    ['wangfang', '/office/archive'],
    ['wangfang', `/office/archive/units/${unit}`],
    ['wangfang', `/office/archive/viewer/${unit}`],
    ['wangfang', `/office/archive/buildings/${unit.slice(0, 24)}`],
    ['wangfang', '/office/promised-limits'],
    ['wangfang', '/office/market'],
    ['wangfang', '/office/market/filings'],
    ['chenjing', `/office/cases/${caseId}`],
    ['chenjing', `/office/archive/units/${unit}`],
    ['chenjing', '/office/archive/queries/new'],
    ['chenjing', '/office/province'],
    ['zhaolei', '/office/trips'],
    ['zhaolei', `/office/trips/${DEMO_TRIP_ID}/reconciliation`],
    ['admin', '/office/appointments'],
    ['admin', '/office/trips'],
    ['admin', '/office/devices'],
    ['admin', '/office/bundles'],
    ['admin', '/office/map/tables'],
    ['admin', '/office/archive/imports'],
    ['admin', '/office/stations'],
    ['admin', '/office/market/orgs'],
    ['admin', '/office/market/projects'],
    ['admin', '/office/market/projects/p-jiangjing'],
    ['admin', '/office/market/listings'],
  ];
};

describe('the staff pages at 375 px wide', () => {
  it('are never wider than the screen', async () => {
    const wider: string[] = [];
    for (const login of ['wangfang', 'chenjing', 'zhaolei', 'admin']) {
      const page = await signedIn(world.browser, world.office.url, login, { loginPath: '/office/login', landing: /\/office\/queues/, viewport: PHONE });
      try {
        for (const [who, path] of PAGES()) {
          if (who !== login) continue;
          const res = await page.goto(`${world.office.url}${path}`);
          expect(res?.status(), `${login} ${path}`).toBe(200);
          const { doc, screen } = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, screen: window.innerWidth }));
          if (doc > screen) wider.push(`${login} ${path}: ${doc} px`);
        }
      } finally {
        await page.context().close();
      }
    }
    expect(wider).toEqual([]);
  }, 120_000);
});
