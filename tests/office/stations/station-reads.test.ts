import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db } from '#office/platform/db/db.ts';
import { sql } from '#office/platform/db/sql.ts';
import { dbStationStore } from '#server/office/stations/db-station-store.ts';
import { StationService } from '#server/office/stations/station-service.ts';
import { type Station } from '#server/office/stations/station-store.ts';
import { openTestDb } from '../../support/backend.ts';
import { tempFolderForTests } from '../../support/temp-folder.ts';

/**
 * A read asked of a station is served by an agent that is there: one that hung up takes nothing more, and one that
 * took a read and went (closed, unplugged) is told to the page as a station not answering, not as a missing card.
 */
const dir = tempFolderForTests('station-reads');
const CARD_WAIT_MS = 1000;

let db: Db;
let drop: () => Promise<void>;
let later = 0;
let stations: StationService;
let counter: Station;

beforeEach(async () => {
  ({ db, drop } = await openTestDb(dir()));
  later = 0;
  stations = new StationService(dbStationStore(db), db, { now: () => new Date(Date.now() + later) }, null, CARD_WAIT_MS);
  await stations.start();
  counter = (await stations.create('一楼查询窗口', 'counter', 'staff-admin')).station;
});
afterEach(async () => {
  stations.stop();
  await drop();
});

const stateOf = async (stationId: string) => (await db.all<{ state: string }>(sql`SELECT state FROM reader_station_reads WHERE station_id = ${stationId}`)).map((r) => r.state);

describe('reads at a reader station', () => {
  it('are not taken by the poll of an agent that has hung up', async () => {
    const asked = stations.readCard(counter.id, 'counter', 'staff-wangfang', 20_000);
    await expect.poll(() => stateOf(counter.id)).toEqual(['pending']);
    const hungUp = new AbortController();
    hungUp.abort();
    expect(await stations.nextRead(counter, hungUp.signal, 5000)).toBeNull();
    expect(await stateOf(counter.id)).toEqual(['pending']);
    // A live agent still takes it.
    expect(await stations.nextRead(counter, undefined, 5000)).toMatchObject({ timeoutMs: CARD_WAIT_MS });
    expect(await stateOf(counter.id)).toEqual(['taken']);
    later = 60_000;
    await asked;
  });

  it('tell the page the station is not answering when its agent took the read and never answered', { timeout: 30_000 }, async () => {
    const asked = stations.readCard(counter.id, 'counter', 'staff-wangfang', 20_000);
    expect(await stations.nextRead(counter, undefined, 5000)).not.toBeNull();
    // The agent is gone: its reader's wait and the grace after it pass with no answer.
    later = CARD_WAIT_MS + 5000;
    const outcome = await asked;
    expect(outcome).toMatchObject({ ok: false, code: 'station-offline' });
    expect(outcome.ok ? '' : outcome.message).toContain('读卡终端未响应');
  });

  it('still say the card is missing when the agent is there but no card was placed', async () => {
    const asked = stations.readCard(counter.id, 'counter', 'staff-wangfang', 20_000);
    const read = await stations.nextRead(counter, undefined, 5000);
    expect(await stations.answer(counter, read!.requestId, { ok: false, code: 'no-card', message: '未读到身份证' })).toBe(true);
    expect(await asked).toMatchObject({ ok: false, code: 'no-card' });
  });
});
