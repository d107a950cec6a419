import { type FastifyPluginAsync } from 'fastify';

/**
 * The office web pages (review, tracking, reconciliation) mounted on the embedded office. Loaded
 * lazily so the van still starts, with the sync API alone, if the pages fail to load.
 */
export async function officePlugins(): Promise<readonly FastifyPluginAsync[]> {
  try {
    const { officePlugin } = await import('#server/office/plugin.ts');
    return [officePlugin];
  } catch (error) {
    console.error(`office pages not loaded (the sync API still runs): ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}
