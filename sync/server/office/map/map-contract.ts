import { z } from 'zod';
import { BUILDING_STATUSES } from '#domain/map/building-status.ts';
import { STREET_CLASSES } from '#domain/map/compensation.ts';
import { MAX_REGION_POINTS } from '#domain/map/geometry.ts';
import { BUILDING_USES } from '#domain/map/region-summary.ts';

/** The map query's HTTP contract: every request body is parsed with these before a service sees it. */
export const RegionRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('polygon'), ring: z.array(z.array(z.number()).min(2).max(3)).min(3).max(MAX_REGION_POINTS + 1) }),
  z.object({ kind: z.literal('district'), code: z.string().regex(/^\d{6}$/) }),
]);
export type RegionRequest = z.infer<typeof RegionRequest>;

export const QueryRequest = z.object({
  region: RegionRequest,
  /** The day statuses are judged on (the expropriation decision's announcement day); default today. */
  day: z.iso.date().optional(),
  /** How many buildings of each status to list in the answer (exports list all). */
  listLimit: z.number().int().min(0).max(5000).default(200),
});
export type QueryRequest = z.infer<typeof QueryRequest>;

export const DecisionRequest = z.object({
  status: z.enum(BUILDING_STATUSES),
  decidedBy: z.string().trim().min(1).max(100),
  decidedOn: z.iso.date(),
  basis: z.string().trim().min(1).max(200),
  approvedUntil: z.iso.date().nullable().default(null),
});

const Yuan = z.string().trim().max(20);
/** The cost tables as the office page posts them: amounts in yuan as typed, converted to fen by the domain. */
export const TablesRequest = z.object({
  unitValues: z.array(z.object({ zone: z.string().trim().min(1).max(20), use: z.enum(BUILDING_USES), yuanPerM2: Yuan })).max(200),
  relocationYuanPerM2: Yuan,
  interimYuanPerM2Month: Yuan,
  interimMonths: z.coerce.number(),
  pipeYuanPerMetre: z.object(Object.fromEntries(STREET_CLASSES.map((c) => [c, Yuan])) as Record<(typeof STREET_CLASSES)[number], typeof Yuan>),
  note: z.string().trim().min(1).max(500),
});
export type TablesRequest = z.infer<typeof TablesRequest>;
