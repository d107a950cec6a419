import { canonicalJson } from '#domain/canonical-json.ts';
import { type AuditRecord, sealAudit } from '#domain/query/audit.ts';
import { sql, type SqlRunner } from '#server/db/sql.ts';
import { type IssuedCertificate, type NewAudit, type QueryStore } from './query-store.ts';

type AuditRow = { seq: number; at: string; actor: string; action: AuditRecord['action']; subject: string; detail: string; prev_hash: string | null; hash: string };
type CertificateRow = { id: string; kind: IssuedCertificate['kind']; issued_at: string; issued_by: string; audit_seq: number; content: string; content_hash: string; pdf_sha256: string };

const auditFromRow = (r: AuditRow): AuditRecord => ({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, subject: r.subject, detail: JSON.parse(r.detail) as Record<string, unknown>, prevHash: r.prev_hash, hash: r.hash });
const certificateFromRow = (r: CertificateRow): IssuedCertificate => ({ id: r.id, kind: r.kind, issuedAt: r.issued_at, issuedBy: r.issued_by, auditSeq: r.audit_seq, content: r.content, contentHash: r.content_hash, pdfSha256: r.pdf_sha256 });

/** The query store on the office's SQLite file (migration 0007_archive.sql). */
export function sqliteQueryStore(q: SqlRunner): QueryStore {
  /** Inside a transaction: the chain head is read and extended under the write lock. */
  function append(r: NewAudit): AuditRecord {
    const head = q.get<{ seq: number; hash: string }>(sql`SELECT seq, hash FROM archive_audit ORDER BY seq DESC LIMIT 1`);
    const record = sealAudit({ ...r, seq: (head?.seq ?? 0) + 1, prevHash: head?.hash ?? null });
    q.run(sql`INSERT INTO archive_audit (seq, at, actor, action, subject, detail, prev_hash, hash)
              VALUES (${record.seq}, ${record.at}, ${record.actor}, ${record.action}, ${record.subject}, ${canonicalJson(record.detail)}, ${record.prevHash}, ${record.hash})`);
    return record;
  }
  return {
    appendAudit: (r) => Promise.resolve(q.transaction(() => append(r))),
    audit: (seq) => {
      const row = q.get<AuditRow>(sql`SELECT * FROM archive_audit WHERE seq = ${seq}`);
      return Promise.resolve(row && auditFromRow(row));
    },
    auditFrom: (seq, limit) => Promise.resolve(q.all<AuditRow>(sql`SELECT * FROM archive_audit WHERE seq >= ${seq} ORDER BY seq LIMIT ${limit}`).map(auditFromRow)),
    issue: (c, a) =>
      Promise.resolve(
        q.transaction(() => {
          const audit = append(a);
          q.run(sql`INSERT INTO archive_certificates (id, kind, issued_at, issued_by, audit_seq, content, content_hash, pdf_sha256)
                    VALUES (${c.id}, ${c.kind}, ${c.issuedAt}, ${c.issuedBy}, ${audit.seq}, ${c.content}, ${c.contentHash}, ${c.pdfSha256})`);
          return { certificate: { ...c, auditSeq: audit.seq }, audit };
        }),
      ),
    certificate: (id) => {
      const row = q.get<CertificateRow>(sql`SELECT * FROM archive_certificates WHERE id = ${id}`);
      return Promise.resolve(row && certificateFromRow(row));
    },
    secret: (name, create) =>
      Promise.resolve(
        q.transaction(() => {
          const row = q.get<{ value: string }>(sql`SELECT value FROM archive_secrets WHERE name = ${name}`);
          if (row) return row.value;
          const value = create();
          q.run(sql`INSERT INTO archive_secrets (name, value) VALUES (${name}, ${value})`);
          return value;
        }),
      ),
  };
}
