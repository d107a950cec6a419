import { type AuditRecord, type UnsealedAudit } from '#domain/query/audit.ts';

/** An issued certificate: what it says (canonical JSON), the hash of that, and the hash of the PDF as issued. */
export type IssuedCertificate = {
  id: string;
  kind: 'query-result' | 'holdings';
  issuedAt: string;
  issuedBy: string;
  auditSeq: number;
  content: string;
  contentHash: string;
  pdfSha256: string;
};

export type NewAudit = Omit<UnsealedAudit, 'seq' | 'prevHash'>;

/**
 * The query side's storage port: the audit chain, issued certificates, and the office's signing secret. The adapter
 * over the office database (SQLite or PostgreSQL) is `db-query-store.ts`. Every method is atomic on its own.
 */
export type QueryStore = {
  appendAudit(record: NewAudit): Promise<AuditRecord>;
  audit(seq: number): Promise<AuditRecord | undefined>;
  auditFrom(seq: number, limit: number): Promise<AuditRecord[]>;
  /** Records the certificate and its audit record together. */
  issue(certificate: Omit<IssuedCertificate, 'auditSeq'>, audit: NewAudit): Promise<{ certificate: IssuedCertificate; audit: AuditRecord }>;
  certificate(id: string): Promise<IssuedCertificate | undefined>;
  /** A named secret, made by `create` the first time and kept in the database (so every office server shares it). */
  secret(name: string, create: () => string): Promise<string>;
};
