import { type HoldingsProof } from './holdings.ts';
import { type Identity, type QueryIndex, type RequesterKind } from './requests.ts';
import { maskIdNumber, type QueryResult } from './result.ts';

/**
 * What a 查询结果证明 (or a holder's 有房/无房 certificate) says, as data: the PDF draws it, its QR code vouches for it
 * (the office keeps its hash), and the verify page shows it back. It holds only what the requester may see.
 * 实施细则 第一百零二条: the certificate states the purpose and the date.
 */
export type QueryCertificate = {
  kind: 'query-result';
  id: string;
  issuedAt: string;
  office: string;
  requester: { kind: RequesterKind; name: string; idNumber: string; fromCard: boolean };
  purpose: string;
  basis: string;
  index: QueryIndex;
  promised: boolean;
  results: QueryResult[];
};

export type HoldingsCertificate = {
  kind: 'holdings';
  id: string;
  issuedAt: string;
  office: string;
  fromCard: boolean;
  proof: HoldingsProof;
};

export type CertificateContent = QueryCertificate | HoldingsCertificate;

export function queryCertificate(input: {
  id: string;
  issuedAt: string;
  office: string;
  requester: { kind: RequesterKind; person: Identity };
  purpose: string;
  basis: string;
  index: QueryIndex;
  promised: boolean;
  results: QueryResult[];
}): QueryCertificate {
  const p = input.requester.person;
  return {
    kind: 'query-result', id: input.id, issuedAt: input.issuedAt, office: input.office,
    requester: { kind: input.requester.kind, name: p.name, idNumber: maskIdNumber(p.idNumber), fromCard: p.fromCard },
    purpose: input.purpose, basis: input.basis,
    // A 权利人 searching by their own identity: the number is theirs, printed masked all the same.
    index: input.index.by === 'person' ? { by: 'person', value: maskIdNumber(input.index.value) } : input.index,
    promised: input.promised, results: input.results,
  };
}
