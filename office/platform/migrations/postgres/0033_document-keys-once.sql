-- PostgreSQL twin of sqlite/0033_document-keys-once.sql.
-- Each keyed read of the documents (a case's, a trip's, a device's documents, a document by its natural key)
-- is served by the index that adds the sequence to the key (0027): the index on the key alone is its prefix and
-- answers nothing the longer one does not. Every pushed document was written into both, and each index on the
-- table costs a pushed document its own B-tree insert and its pages in the commit.
DROP INDEX documents_by_case;
DROP INDEX documents_by_trip;
DROP INDEX documents_by_ref;
DROP INDEX documents_by_device;
