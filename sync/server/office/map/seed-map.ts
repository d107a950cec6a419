import { readFileSync } from 'node:fs';
import { type Clock } from '#domain/clock.ts';
import { DEMO_LAYER, readLayer, type LayerFiles, type MapLayer } from './layer.ts';
import { TablesRequest } from './map-contract.ts';
import { MapIndex } from './map-index.ts';
import { MapService } from './map-service.ts';
import { type Db } from '#office/platform/db/db.ts';
import { todayInOffice } from '#server/office/today.ts';
import { dbMapStore } from './db-map-store.ts';

const DEMO_TABLES = new URL('../../../../fixtures/map/cost-tables.json', import.meta.url);
const SEEDS: Record<string, { layer: LayerFiles; tables: URL }> = { demo: { layer: DEMO_LAYER, tables: DEMO_TABLES } };

/**
 * A seed's layer as read for a day, kept for the process: reading and checking its ~2,700 buildings is ~0.6 s, and
 * the tests seed an office per world in one process. A seed's files are the repository's own and never change
 * while it runs, and the layer is only read from (importLayer copies it into the database). The last few days.
 */
const readLayers = new Map<string, MapLayer>();
function seedLayer(name: string, files: LayerFiles, today: string): MapLayer {
  const key = `${name}|${today}`;
  let layer = readLayers.get(key);
  if (!layer) {
    layer = readLayer(files, today);
    readLayers.set(key, layer);
    if (readLayers.size > 4) readLayers.delete(readLayers.keys().next().value ?? '');
  }
  return layer;
}

/**
 * Loads a named map seed (`demo`: the generated layer of fixtures/map and example cost tables) into an office
 * whose map is still empty; decisions are dated relative to the office's day, the import and the tables stamped
 * with the office's clock (a test office runs at a day of its own). Does nothing when a layer is stored.
 * @throws Error when the seed is unknown or its files are invalid (nothing is stored then).
 */
export async function seedMap(db: Db, name: string, clock: Clock): Promise<{ seeded: boolean; buildings: number }> {
  const seed = SEEDS[name];
  if (!seed) throw new Error(`unknown map seed "${name}"`);
  const store = dbMapStore(db);
  if ((await store.layerVersion()) !== 0) return { seeded: false, buildings: 0 };
  const layer = seedLayer(name, seed.layer, todayInOffice(clock));
  const at = clock.now().toISOString();
  const imported = await store.importLayer(layer, `seed:${name}`, `seed:${name}`, at);
  if (imported && !(await store.costTables())) {
    const { note, ...rest } = JSON.parse(readFileSync(seed.tables, 'utf8')) as Record<string, unknown> & { note: string };
    const saved = await new MapService(store, new MapIndex(store)).saveTables(TablesRequest.parse({ ...rest, note }), { id: `seed:${name}`, name: '演示数据' }, at);
    if (!saved.ok) throw new Error(`map seed tables: ${JSON.stringify(saved.error)}`);
  }
  return { seeded: imported, buildings: layer.buildings.length };
}
