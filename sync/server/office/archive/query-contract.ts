import { z } from 'zod';
import { type Identity, type QueryRequest, type Requester } from '#domain/query/requests.ts';

/** A lawful query as the counter form (or the API) sends it. Checkboxes arrive as 'on' or not at all. */
const flag = z.preprocess((v) => v === 'on' || v === 'true' || v === true || v === '1', z.boolean());
const s = (max: number) => z.string().trim().max(max).default('');

/** A page of the query audit chain: from a sequence number on, at most 500 records at a time. */
export const AuditPage = z.object({
  from: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const QueryForm = z.object({
  kind: z.enum(['holder', 'interested', 'prospective', 'lawyer', 'authority']),
  name: s(100),
  idType: z.enum(['resident-id', 'hmt-residence-permit', 'foreign-permanent-residence', 'passport', 'business-license', 'other']).default('resident-id'),
  idNumber: s(40),
  /** A card read at a reader station: the identity comes from the card, not from the fields. */
  readerRequestId: s(80),
  purpose: s(500),
  by: z.enum(['unit-number', 'certificate', 'address', 'person']),
  value: s(300),
  wantsOriginals: flag,
  promised: flag,
  standIn: s(200),
  proofKind: z.enum(['contract', 'litigation']).default('contract'),
  proofNumber: s(200),
  lawyerMode: z.enum(['for-interested', 'for-prospective', 'court-order']).default('for-interested'),
  licenceNumber: s(40),
  firm: s(100),
  client: s(100),
  document: s(200),
  orderCoversOriginals: flag,
  claimedHolder: s(100),
  organ: s(100),
  noticeNumber: s(100),
  permitNumber: s(40),
});
export type QueryForm = z.infer<typeof QueryForm>;

/** The domain's request from the form, with the identity read from a card when there is one. */
export function queryRequestOf(f: QueryForm, card: Identity | null): QueryRequest {
  const person: Identity = card ?? { name: f.name, idType: f.idType, idNumber: f.idNumber.toUpperCase(), fromCard: false };
  const requester: Requester =
    f.kind === 'holder'
      ? { kind: 'holder', person, standIn: f.standIn || null }
      : f.kind === 'interested'
        ? { kind: 'interested', person, proof: { kind: f.proofKind, number: f.proofNumber } }
        : f.kind === 'prospective'
          ? { kind: 'prospective', person }
          : f.kind === 'lawyer'
            ? { kind: 'lawyer', person, mode: f.lawyerMode, licenceNumber: f.licenceNumber, firm: f.firm, client: f.client, document: f.document, orderCoversOriginals: f.orderCoversOriginals, claimedHolder: f.claimedHolder }
            : { kind: 'authority', person, organ: f.organ, noticeNumber: f.noticeNumber, permitNumber: f.permitNumber };
  return { requester, purpose: f.purpose, index: { by: f.by, value: f.value }, wantsOriginals: f.wantsOriginals, promised: f.promised };
}
