import { certificateId } from '#domain/city/office-ids.ts';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chinaDate } from '#domain/calendar/china-time.ts';
import { canonicalJson } from '#domain/canonical-json.ts';
import { type Clock } from '#domain/clock.ts';
import { type AuditRecord, verifyAudit } from '#domain/query/audit.ts';
import { type CertificateContent, type HoldingsCertificate, queryCertificate } from '#domain/query/certificate.ts';
import { holdingsOf, normalIdNumber } from '#domain/query/holdings.ts';
import { QUERY_REFUSAL_TEXT } from '#domain/query/query-text.ts';
import { type Identity, type QueryPermission, type QueryRefusal, type QueryRequest, decideQuery } from '#domain/query/requests.ts';
import { maskIdNumber, queryResult, type QueryResult } from '#domain/query/result.ts';
import { verifyLinkOf } from '#domain/query/verify-link.ts';
import { type RegisterView } from '#domain/register/project.ts';
import { A } from './archive-text.ts';
import { certificatePdf } from './certificate-pdf.ts';
import { type IssuedCertificate, type QueryStore } from './query-store.ts';
import { type RegisterService } from './register-service.ts';

export type QueryOutcome =
  | { ok: true; auditSeq: number; permission: QueryPermission; results: QueryResult[] }
  | { ok: false; code: QueryRefusal | 'unit-not-found' | 'unit-ambiguous'; message: string };

export type Verification =
  | { state: 'valid'; certificate: IssuedCertificate; content: CertificateContent }
  | { state: 'unknown' }
  | { state: 'altered'; certificate: IssuedCertificate };

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const requesterSummary = (r: QueryRequest['requester']) => ({ kind: r.kind, name: r.person.name, idType: r.person.idType, idNumber: r.person.idNumber, fromCard: r.person.fromCard });

/**
 * Lawful queries at the office (条例 第二十七条、第二十八条; 不动产登记资料查询暂行办法): the domain decides what the
 * requester may see, every query and refusal goes into the audit chain, and a result certificate carries a QR code
 * whose link only this office can make and which names the hash of what the certificate says.
 */
export class QueryService {
  constructor(
    private readonly register: RegisterService,
    private readonly store: QueryStore,
    private readonly clock: Clock,
    private readonly office: string,
    /** The office's area code, carried by the ids this service mints (domain/city/office-ids.ts). */
    private readonly area: string | null = null,
  ) {}

  private async units(q: QueryRequest): Promise<{ ok: true; units: string[] } | { ok: false; code: 'unit-not-found' | 'unit-ambiguous' }> {
    if (q.index.by === 'person') return { ok: true, units: await this.register.store.unitsHeldBy(normalIdNumber(q.index.value)) };
    const found = await this.register.store.find(q.index.by, q.index.value, 20);
    const exact = found.filter((u) => (q.index.by === 'address' ? u.address === q.index.value.trim() : true));
    const pick = exact.length === 1 ? exact : found;
    if (pick.length === 0) return { ok: false, code: 'unit-not-found' };
    // 办法 第二十四条: one unit per application; an address prefix naming several must be made exact.
    if (pick.length > 1) return { ok: false, code: 'unit-ambiguous' };
    return { ok: true, units: pick.map((u) => u.unitNumber) };
  }

  async run(actor: string, q: QueryRequest, claimedHolder = ''): Promise<QueryOutcome> {
    const at = this.clock.now().toISOString();
    const found = await this.units(q);
    const subject = q.index.by === 'person' ? maskIdNumber(q.index.value) : q.index.value;
    if (!found.ok) return { ok: false, code: found.code, message: A.query.unitProblem[found.code] };
    const views = (await Promise.all(found.units.map((u) => this.register.registerOf(u)))).filter((v): v is RegisterView => v !== undefined);
    const id = normalIdNumber(q.requester.person.idNumber);
    const holds = views.some((v) => v.ownership?.holders.some((h) => normalIdNumber(h.idNumber) === id) ?? false);
    const decided = decideQuery(q, { requesterHoldsUnit: holds });
    if (!decided.ok) {
      await this.store.appendAudit({ at, actor, action: 'query-refused', subject, detail: { requester: requesterSummary(q.requester), purpose: q.purpose, index: q.index, refusal: decided.error } });
      return { ok: false, code: decided.error, message: QUERY_REFUSAL_TEXT[decided.error] };
    }
    const results = views.map((v) => queryResult(v, decided.value, claimedHolder));
    const audit = await this.store.appendAudit({
      at, actor, action: 'query', subject,
      detail: { requester: requesterSummary(q.requester), purpose: q.purpose, index: q.index, promised: q.promised, permission: decided.value, results },
    });
    return { ok: true, auditSeq: audit.seq, permission: decided.value, results };
  }

  private code(secret: string, id: string, contentHash: string): string {
    return createHmac('sha256', Buffer.from(secret, 'hex')).update(`${id}\n${contentHash}`).digest('base64url').slice(0, 22);
  }

  private async issue(actor: string, content: CertificateContent, publicBase: string, subject: string): Promise<{ id: string; pdf: Uint8Array }> {
    const secret = await this.store.secret('certificate-hmac', () => randomBytes(32).toString('hex'));
    const text = canonicalJson(content);
    const contentHash = sha256(text);
    const link = verifyLinkOf(publicBase, content.id, this.code(secret, content.id, contentHash));
    const pdf = await certificatePdf(content, link, new Date(content.issuedAt));
    await this.store.issue(
      { id: content.id, kind: content.kind, issuedAt: content.issuedAt, issuedBy: actor, content: text, contentHash, pdfSha256: sha256(pdf) },
      { at: content.issuedAt, actor, action: content.kind === 'holdings' ? 'holdings-issued' : 'certificate-issued', subject, detail: { certificate: content.id, contentHash } },
    );
    return { id: content.id, pdf };
  }

  private newId(prefix: 'CX' | 'YW', at: string): string {
    return certificateId(this.area, prefix, chinaDate(at), randomBytes(4).toString('hex').toUpperCase());
  }

  /** Audit records from `seq` on, with whether the chain up to them holds (checked from the first record). */
  async auditFrom(seq: number, limit: number): Promise<{ records: AuditRecord[]; chain: { ok: true; head: number } | { ok: false; atSeq: number; kind: string } }> {
    const all: AuditRecord[] = [];
    for (let from = 1, page = await this.store.auditFrom(1, 1000); page.length > 0; page = await this.store.auditFrom(from, 1000)) {
      all.push(...page);
      from = (page.at(-1)?.seq ?? from) + 1;
    }
    const v = verifyAudit(all);
    return { records: all.filter((r) => r.seq >= seq).slice(0, limit), chain: v.ok ? { ok: true, head: v.value } : { ok: false, atSeq: v.error.atSeq, kind: v.error.kind } };
  }

  /** A query already run, as the audit chain recorded it. */
  async queryOf(auditSeq: number): Promise<{ permission: QueryPermission; results: QueryResult[] } | undefined> {
    const a = await this.store.audit(auditSeq);
    if (a?.action !== 'query') return undefined;
    const d = a.detail as { permission: QueryPermission; results: QueryResult[] };
    return { permission: d.permission, results: d.results };
  }

  /** The 查询结果证明 of a query already run and audited (实施细则 第一百零二条). */
  async certificateFor(actor: string, auditSeq: number, publicBase: string): Promise<{ id: string; pdf: Uint8Array } | undefined> {
    const a = await this.store.audit(auditSeq);
    if (a?.action !== 'query') return undefined;
    const d = a.detail as { requester: QueryRequest['requester']['person'] & { kind: QueryRequest['requester']['kind'] }; purpose: string; index: QueryRequest['index']; promised: boolean; permission: QueryPermission; results: QueryResult[] };
    const issuedAt = this.clock.now().toISOString();
    const content = queryCertificate({
      id: this.newId('CX', issuedAt), issuedAt, office: this.office,
      requester: { kind: d.requester.kind, person: d.requester },
      purpose: d.purpose, basis: d.permission.basis, index: d.index, promised: d.promised, results: d.results,
    });
    return this.issue(actor, content, publicBase, a.subject);
  }

  /** A holder's own 有房/无房 certificate from their identity (办法 第十五条、第十六条). */
  async holdings(actor: string, person: Identity, publicBase: string): Promise<{ id: string; pdf: Uint8Array; content: HoldingsCertificate }> {
    const issuedAt = this.clock.now().toISOString();
    const views = (await Promise.all((await this.register.store.unitsHeldBy(normalIdNumber(person.idNumber))).map((u) => this.register.registerOf(u)))).filter((v): v is RegisterView => v !== undefined);
    const content: HoldingsCertificate = { kind: 'holdings', id: this.newId('YW', issuedAt), issuedAt, office: this.office, fromCard: person.fromCard, proof: holdingsOf(person, views, chinaDate(issuedAt)) };
    const issued = await this.issue(actor, content, publicBase, maskIdNumber(normalIdNumber(person.idNumber)));
    return { ...issued, content };
  }

  /** What the verify page says of a certificate id and code from its QR. */
  async verify(id: string, code: string): Promise<Verification> {
    const c = await this.store.certificate(id);
    if (!c) return { state: 'unknown' };
    const secret = await this.store.secret('certificate-hmac', () => randomBytes(32).toString('hex'));
    const expected = Buffer.from(this.code(secret, c.id, c.contentHash));
    const given = Buffer.from(code);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { state: 'unknown' };
    // The stored text must still hash to what was issued: a record changed in the database does not verify.
    if (sha256(c.content) !== c.contentHash) return { state: 'altered', certificate: c };
    return { state: 'valid', certificate: c, content: JSON.parse(c.content) as CertificateContent };
  }

  /** Whether a PDF file is, byte for byte, the certificate the office issued. */
  static sameFile(c: IssuedCertificate, bytes: Uint8Array): boolean {
    return sha256(bytes) === c.pdfSha256;
  }
}
