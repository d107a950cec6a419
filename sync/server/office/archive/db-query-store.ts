import { canonicalJson } from '#domain/canonical-json.ts';
import { type AuditRecord, sealAudit } from '#domain/query/audit.ts';
import { type Db, type Tx } from '#office/platform/db/db.ts';
import { sql, sqlLimit } from '#office/platform/db/sql.ts';
import { type IssuedCertificate, type NewAudit, type QueryStore } from './query-store.ts';

type AuditRow = { seq: number; at: string; actor: string; action: AuditRecord['action']; subject: string; detail: string; prev_hash: string | null; hash: string };
type CertificateRow = { id: string; kind: IssuedCertificate['kind']; issued_at: string; issued_by: string; audit_seq: number; content: string; content_hash: string; pdf_sha256: string };

const auditFromRow = (r: AuditRow): AuditRecord => ({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, subject: r.subject, detail: JSON.parse(r.detail) as Record<string, unknown>, prevHash: r.prev_hash, hash: r.hash });
const certificateFromRow = (r: CertificateRow): IssuedCertificate => ({ id: r.id, kind: r.kind, issuedAt: r.issued_at, issuedBy: r.issued_by, auditSeq: r.audit_seq, content: r.content, contentHash: r.content_hash, pdfSha256: r.pdf_sha256 });

/** Inside a transaction: the chain head is read and extended under the audit chain's lock, held to commit. */
async function append(tx: Tx, r: NewAudit): Promise<AuditRecord> {
  await tx.lock('archive-audit');
  const head = await tx.get<{ seq: number; hash: string }>(sql`SELECT seq, hash FROM archive_audit ORDER BY seq DESC LIMIT 1`);
  const record = sealAudit({ ...r, seq: (head?.seq ?? 0) + 1, prevHash: head?.hash ?? null });
  await tx.run(sql`INSERT INTO archive_audit (seq, at, actor, action, subject, detail, prev_hash, hash)
            VALUES (${record.seq}, ${record.at}, ${record.actor}, ${record.action}, ${record.subject}, ${canonicalJson(record.detail)}, ${record.prevHash}, ${record.hash})`);
  return record;
}

/** The query store on the office's database (tables of migration 0008_archive.sql), SQLite or PostgreSQL. */
export function dbQueryStore(db: Db): QueryStore {
  return {
    appendAudit: (r) => db.transaction((tx) => append(tx, r)),
    audit: async (seq) => {
      const row = await db.get<AuditRow>(sql`SELECT * FROM archive_audit WHERE seq = ${seq}`);
      return row && auditFromRow(row);
    },
    auditFrom: async (seq, limit) => (await db.all<AuditRow>(sql`SELECT * FROM archive_audit WHERE seq >= ${seq} ORDER BY seq ${sqlLimit(limit)}`)).map(auditFromRow),
    issue: (c, a) =>
      db.transaction(async (tx) => {
        const audit = await append(tx, a);
        await tx.run(sql`INSERT INTO archive_certificates (id, kind, issued_at, issued_by, audit_seq, content, content_hash, pdf_sha256)
                  VALUES (${c.id}, ${c.kind}, ${c.issuedAt}, ${c.issuedBy}, ${audit.seq}, ${c.content}, ${c.contentHash}, ${c.pdfSha256})`);
        return { certificate: { ...c, auditSeq: audit.seq }, audit };
      }),
    certificate: async (id) => {
      const row = await db.get<CertificateRow>(sql`SELECT * FROM archive_certificates WHERE id = ${id}`);
      return row && certificateFromRow(row);
    },
    secret: (name, create) =>
      db.transaction(async (tx) => {
        await tx.lock(`archive-secret:${name}`);
        const row = await tx.get<{ value: string }>(sql`SELECT value FROM archive_secrets WHERE name = ${name}`);
        if (row) return row.value;
        const value = create();
        await tx.run(sql`INSERT INTO archive_secrets (name, value) VALUES (${name}, ${value})`);
        return value;
      }),
  };
}
