import { isCountyCode } from '#domain/city/counties.ts';
import { MAX_PUSH_BYTES, WireDocument } from '#protocol/messages.ts';
import { FeedFact } from './feed-contract.ts';

/**
 * The DDL of the city–county logical replication (PostgreSQL 15, `pgoutput`). Logical replication matches
 * tables by schema-qualified name, so a county publishes copies of its append-only rows in a schema named
 * after its code, `county_<code>`, and the city subscribes into a schema of that name: each county's rows land
 * in their own tables at the city and never meet another county's. The names carry the county's code, so
 * they are built here rather than in a numbered migration; the code is checked against the city's list
 * before it is put into a statement.
 */
export const replicaSchema = (code: string): string => {
  if (!isCountyCode(code)) throw new Error(`not a county of the city: ${code}`);
  return `county_${code}`;
};
/** The county's publication, the city's subscription and the slot it streams from on the county. */
export const publicationName = (code: string): string => replicaSchema(code);
export const subscriptionName = (code: string): string => `city_${replicaSchema(code)}`;
export const slotName = subscriptionName;

const quoted = (text: string): string => `'${text.replaceAll("'", "''")}'`;
const roleName = (role: string): string => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`not a plain role name: ${role}`);
  return role;
};

/** The staging tables, alike on both sides: a county's case events as stored, and its statistics facts. */
export const stagingTablesScript = (code: string): string => stagingTables(replicaSchema(code));
const stagingTables = (s: string): string => `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.case_events (
  seq       BIGINT PRIMARY KEY,
  id        TEXT   NOT NULL UNIQUE,
  device_id TEXT,
  body      TEXT   NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.stat_facts (
  seq      BIGINT PRIMARY KEY,
  source   TEXT   NOT NULL,
  month    TEXT   NOT NULL,
  kind     TEXT   NOT NULL,
  use      TEXT   NOT NULL,
  measures TEXT   NOT NULL
);`;

/**
 * On the county: the staging tables, the triggers that copy each case event and each of the county's own
 * facts into them in the writing transaction (so they commit, and are streamed, in the county's own order,
 * with the same numbers the HTTPS feed serves), the rows written before, and the publication. A case event
 * altered in place is copied again, so the city sees the alteration and its hash check catches it. Run in
 * one transaction: the triggers' locks on `documents` and `stat_facts` hold writers back until the copy of
 * what was there is committed, so no row is missed or copied twice. Idempotent.
 */
export function countyPublicationScript(code: string, grantTo: string | null): string {
  const s = replicaSchema(code);
  return `${stagingTables(s)}
CREATE OR REPLACE FUNCTION ${s}.copy_case_event() RETURNS trigger AS $$
BEGIN
  INSERT INTO ${s}.case_events (seq, id, device_id, body) VALUES (NEW.seq, NEW.id, NEW.device_id, NEW.body)
    ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, device_id = excluded.device_id, body = excluded.body;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE OR REPLACE TRIGGER ${s}_case_events AFTER INSERT OR UPDATE ON public.documents
  FOR EACH ROW WHEN (NEW.collection = 'caseEvents') EXECUTE FUNCTION ${s}.copy_case_event();
CREATE OR REPLACE FUNCTION ${s}.copy_stat_fact() RETURNS trigger AS $$
BEGIN
  INSERT INTO ${s}.stat_facts (seq, source, month, kind, use, measures) VALUES (NEW.seq, NEW.source, NEW.month, NEW.kind, NEW.use, NEW.measures)
    ON CONFLICT (seq) DO NOTHING;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE OR REPLACE TRIGGER ${s}_stat_facts AFTER INSERT ON public.stat_facts
  FOR EACH ROW WHEN (NEW.office_code = ${quoted(code)}) EXECUTE FUNCTION ${s}.copy_stat_fact();
INSERT INTO ${s}.case_events (seq, id, device_id, body)
  SELECT seq, id, device_id, body FROM public.documents WHERE collection = 'caseEvents' ON CONFLICT (id) DO NOTHING;
INSERT INTO ${s}.stat_facts (seq, source, month, kind, use, measures)
  SELECT seq, source, month, kind, use, measures FROM public.stat_facts WHERE office_code = ${quoted(code)} ON CONFLICT (seq) DO NOTHING;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = ${quoted(publicationName(code))}) THEN
    CREATE PUBLICATION ${publicationName(code)} FOR TABLE ${s}.case_events, ${s}.stat_facts;
  END IF;
END $$;
${grantTo === null ? '' : `GRANT USAGE ON SCHEMA ${s} TO ${roleName(grantTo)};\nGRANT SELECT ON ALL TABLES IN SCHEMA ${s} TO ${roleName(grantTo)};`}`;
}

/** A string schema's `.max()`, read off the schema so that a bound is written once, where the wire checks it. */
const maxLengthOf = (schema: { readonly maxLength: number | null }, what: string): number => {
  if (schema.maxLength === null) throw new Error(`${what} has no maximum length`);
  return schema.maxLength;
};

/**
 * The most a county's staged row may weigh at the city. A case event came to the county in a van's push of at most
 * `MAX_PUSH_BYTES`, and its ids are as long as `WireDocument` lets an id be; a fact's fields are as the feed's schema
 * bounds them (`FeedFact`). A month is held to `YYYY-MM` by a pattern there, with no length to read, so it gets the
 * bound of the fact's other short fields; the measures, a handful of numbers with no size in the schema, 64 KB.
 */
export const STAGED_ROW_LIMITS = {
  eventBody: MAX_PUSH_BYTES,
  id: maxLengthOf(WireDocument.shape.id, 'WireDocument.id'),
  factSource: maxLengthOf(FeedFact.shape.source, 'FeedFact.source'),
  factMonth: maxLengthOf(FeedFact.shape.kind, 'FeedFact.kind'),
  factKind: maxLengthOf(FeedFact.shape.kind, 'FeedFact.kind'),
  factUse: maxLengthOf(FeedFact.shape.use, 'FeedFact.use'),
  factMeasures: 64 * 1024,
} as const;

/**
 * On the city only: CHECK constraints that bound each staged row. The county's administrator owns what its staging
 * tables hold, and the subscription copies it in whole; the city's rounds then read pages of rows into the office's
 * memory (500 rows, and for events 32 MB), so rows of hundreds of megabytes each would have brought the city office down. A row over a bound is refused
 * by the city's database as the subscription applies it (apply and the first copy both check constraints), so it is
 * never stored or read, and that county's replication stops at it; the county's HTTPS pull is unaffected. The
 * county's own tables have no such constraint (a bound there would fail the county's own writes). Added NOT VALID to a
 * schema made before they existed: rows already taken in stay. Idempotent, cheap enough to run every round.
 */
export function cityRowBoundsScript(code: string): string {
  const s = replicaSchema(code);
  const L = STAGED_ROW_LIMITS;
  const add = (table: string, name: string, check: string) => `
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '${s}.${table}'::regclass AND conname = '${name}') THEN
    ALTER TABLE ${s}.${table} ADD CONSTRAINT ${name} CHECK (${check}) NOT VALID;
  END IF;`;
  return `
DO $$ BEGIN${add('case_events', 'case_events_row_size', `octet_length(body) <= ${L.eventBody} AND char_length(id) <= ${L.id} AND coalesce(char_length(device_id), 0) <= ${L.id}`)}${add('stat_facts', 'stat_facts_row_size', `char_length(source) <= ${L.factSource} AND char_length(month) <= ${L.factMonth} AND char_length(kind) <= ${L.factKind} AND char_length(use) <= ${L.factUse} AND octet_length(measures) <= ${L.factMeasures}`)}
END $$;`;
}

/**
 * On the city: the county's staging tables and the subscription to its publication, streaming from the slot
 * the city made on the county beforehand (so this runs inside a transaction). The first rows come by the
 * subscription's initial copy.
 */
export function citySubscriptionScript(code: string, conninfo: string): string {
  const s = replicaSchema(code);
  return `${stagingTables(s)}
${cityRowBoundsScript(code)}
${cityRecheckScript(s)}
CREATE SUBSCRIPTION ${subscriptionName(code)} CONNECTION ${quoted(conninfo)} PUBLICATION ${publicationName(code)}
  WITH (create_slot = false, slot_name = ${quoted(slotName(code))});`;
}

/**
 * On the city: a case event the county altered after the city took it in arrives as an update of its staged
 * row; the trigger notes it for the next round to check again. It fires for the subscription's apply worker
 * (`ENABLE ALWAYS`: replicated changes run with session_replication_role = replica, which skips ordinary triggers).
 */
const cityRecheckScript = (s: string): string => `
CREATE TABLE IF NOT EXISTS ${s}.rechecks (seq BIGINT PRIMARY KEY);
CREATE OR REPLACE FUNCTION ${s}.note_recheck() RETURNS trigger AS $$
BEGIN
  INSERT INTO ${s}.rechecks (seq) VALUES (NEW.seq) ON CONFLICT DO NOTHING;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE OR REPLACE TRIGGER ${s}_rechecks AFTER UPDATE ON ${s}.case_events FOR EACH ROW EXECUTE FUNCTION ${s}.note_recheck();
ALTER TABLE ${s}.case_events ENABLE ALWAYS TRIGGER ${s}_rechecks;`;

/**
 * On the city, after the county's slot was lost (dropped, or invalidated for holding too much WAL): the
 * subscription is let go of its slot and dropped, and the staging emptied, so a new subscription can copy the
 * county's tables afresh. The city's checkpoints stay: rows it took in before are passed over, none doubled.
 */
export const cityUnsubscribeScript = (code: string): string => `
ALTER SUBSCRIPTION ${subscriptionName(code)} SET (slot_name = NONE);
DROP SUBSCRIPTION ${subscriptionName(code)};
TRUNCATE ${replicaSchema(code)}.case_events, ${replicaSchema(code)}.stat_facts, ${replicaSchema(code)}.rechecks;`;
