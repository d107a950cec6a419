import { type FastifyPluginAsync } from 'fastify';
import { afterAll, expect, it } from 'vitest';
import { API_BASE } from '#protocol/version.ts';
import { type RunningOffice, removeDir, startOffice, tempDir } from './helpers.ts';

const dataDir = tempDir('slow-start');
let office: RunningOffice | undefined;
afterAll(async () => {
  await office?.close();
  removeDir(dataDir);
});

// Fastify's own limit is 10 s; a loaded server on a busy database once took that long to start the office plugin.
it('starts though a plugin takes longer than Fastify’s default 10 s to start', async () => {
  const slow: FastifyPluginAsync = async (app) => {
    await new Promise((r) => setTimeout(r, 10_500));
    app.get('/slow-started', () => Promise.resolve({ started: true }));
  };
  office = await startOffice(dataDir, false, { plugins: [slow] });
  expect(await (await fetch(`${office.url}/slow-started`)).json()).toEqual({ started: true });
  expect((await fetch(`${office.url}${API_BASE}/health`)).status).toBe(200);
}, 40_000);
