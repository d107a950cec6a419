-- PostgreSQL twin of sqlite/0018_enroll-installation.sql. The installation that used an enrollment code (the hash of the key the van keeps from its first attempt): the
-- same installation enrolling again with that code gets its own device back with a new token.
ALTER TABLE enroll_codes ADD COLUMN used_by_installation TEXT;
