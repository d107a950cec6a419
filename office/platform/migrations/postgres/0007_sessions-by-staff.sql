-- A change of a person's role, password or active flag ends all their sessions at once (PostgreSQL twin of sqlite/0007).
CREATE INDEX sessions_by_staff ON sessions (staff_id);
