import { describe, expect, it } from 'vitest';
import { cityRowBoundsScript } from '#server/office/city/replication-sql.ts';

/**
 * The city's bounds on a county's staged rows are read off the wire's schemas (`WireDocument`, `FeedFact`) rather than
 * written out again; the constraints they make are the ones a city already holds, to the letter, so a city made before
 * is not given a second set nor has its own dropped.
 */
describe("the city's bounds on a county's staged rows", () => {
  it('make the same CHECK constraints as when they were written out by hand', () => {
    expect(cityRowBoundsScript('230822')).toBe(`
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'county_230822.case_events'::regclass AND conname = 'case_events_row_size') THEN
    ALTER TABLE county_230822.case_events ADD CONSTRAINT case_events_row_size CHECK (octet_length(body) <= 4194304 AND char_length(id) <= 200 AND coalesce(char_length(device_id), 0) <= 200) NOT VALID;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'county_230822.stat_facts'::regclass AND conname = 'stat_facts_row_size') THEN
    ALTER TABLE county_230822.stat_facts ADD CONSTRAINT stat_facts_row_size CHECK (char_length(source) <= 200 AND char_length(month) <= 40 AND char_length(kind) <= 40 AND char_length(use) <= 40 AND octet_length(measures) <= 65536) NOT VALID;
  END IF;
END $$;`);
  });
});
