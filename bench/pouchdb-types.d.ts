// The few parts of pouchdb-node and express-pouchdb that bench/sync-pouchdb.ts uses (neither ships types).

declare module 'pouchdb-node' {
  namespace PouchDB {
    type AttachmentStub = { content_type: string; digest: string; length: number; stub?: boolean };
    type AttachmentInline = { content_type: string; data: Buffer | string };
    type Doc = { _id: string; _rev?: string; _attachments?: Record<string, AttachmentStub | AttachmentInline>; [field: string]: unknown };
    type WriteResult = { ok?: boolean; id?: string; error?: string; reason?: string };
    type ReplicationResult = { ok: boolean; status: string; docs_read: number; docs_written: number; doc_write_failures: number; errors: unknown[] };
    type Database = {
      bulkDocs(docs: Doc[]): Promise<WriteResult[]>;
      info(): Promise<{ db_name: string; doc_count: number }>;
      allDocs(options: { include_docs?: boolean; startkey?: string; endkey?: string }): Promise<{ total_rows: number; rows: { id: string; doc?: Doc }[] }>;
      getAttachment(docId: string, name: string): Promise<Buffer>;
      close(): Promise<void>;
    };
    type Static = (new (name: string, options?: { skip_setup?: boolean }) => Database) & {
      defaults(options: { prefix: string }): Static;
      replicate(source: Database, target: Database, options?: { batch_size?: number; batches_limit?: number }): Promise<ReplicationResult>;
    };
  }
  const PouchDB: PouchDB.Static;
  export = PouchDB;
}

declare module 'express-pouchdb' {
  import { type RequestListener } from 'node:http';
  import type PouchDB from 'pouchdb-node';

  type Options = { mode?: 'minimumForPouchDB' | 'fullCouchDB'; inMemoryConfig?: boolean; logPath?: string; configPath?: string };

  function expressPouchDB(pouch: PouchDB.Static, options?: Options): RequestListener;
  export = expressPouchDB;
}
