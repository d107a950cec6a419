import { type FastifyPluginAsync } from 'fastify';

/**
 * The office web pages (review, tracking, reconciliation) and its statistics, mounted on the embedded office. Loaded
 * lazily so the van still starts, with the sync API alone, if the pages fail to load.
 */
export async function officePlugins(): Promise<readonly FastifyPluginAsync[]> {
  try {
    const { officePlugin } = await import('#server/office/plugin.ts');
    // The embedded office keeps its own statistics too: the public market information publishes them.
    const { cityPlugin } = await import('#server/office/city/city-plugin.ts');
    const { CITY_CODE } = await import('#domain/city/counties.ts');
    return [officePlugin, cityPlugin({ officeCode: CITY_CODE })];
  } catch (error) {
    console.error(`office pages not loaded (the sync API still runs): ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}
