import { z } from 'zod';

/**
 * HTTP contract between the office and a reader station: a small agent on a computer with an ID card reader
 * attached (an office counter, a self-service kiosk, a developer's sales office). A browser page cannot open a
 * serial port, and an identity typed into a form proves nothing; so the agent holds the station's token, asks the
 * office for the next read it should do (a long poll, so it works from behind NAT and firewalls), reads the card
 * and answers with what the card says. Both ends parse with these schemas.
 */

export const STATION_TOKEN_HEADER = 'authorization';

/** How long the office holds a station's poll open before answering "nothing to read" (the agent asks again). */
export const STATION_POLL_MS = 25_000;

/** A read the office wants done now: place-card prompt timeout is the agent's own. */
export const StationReadRequest = z.object({ requestId: z.string().min(1).max(80), timeoutMs: z.number().int().min(1000).max(120_000) }).strict();
export type StationReadRequest = z.infer<typeof StationReadRequest>;

/** The poll's answer: a read to do, or none yet. */
export const StationPollAnswer = z.object({ read: StationReadRequest.nullable() }).strict();
export type StationPollAnswer = z.infer<typeof StationPollAnswer>;

/** The card's text fields the office needs (GA 467 text block); the photo and fingerprint stay on the station. */
export const StationCard = z
  .object({
    cardType: z.string().min(1).max(40),
    name: z.string().min(1).max(100),
    idNumber: z.string().min(1).max(40),
    validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    validTo: z.union([z.literal('长期'), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]),
  })
  .strict();
export type StationCard = z.infer<typeof StationCard>;

/** What the station read: the card, or why not (the driver's code and its Chinese message). */
export const StationReadResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), card: StationCard }).strict(),
  z.object({ ok: z.literal(false), code: z.string().min(1).max(40), message: z.string().min(1).max(300) }).strict(),
]);
export type StationReadResult = z.infer<typeof StationReadResult>;
