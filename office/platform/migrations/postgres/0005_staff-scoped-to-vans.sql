-- Staff documents were pulled by every van (PostgreSQL twin of sqlite/0005). From now on a van pulls only
-- its trips' van clerks (domain/staff/van-access.ts): staff are no longer for everyone, and each van clerk is
-- shared with the vans of the trips that list them.
UPDATE documents SET audience_all = 0 WHERE collection = 'staff';
INSERT INTO doc_audience (collection, id, van_id)
  SELECT DISTINCT 'staff', s.id, t.body::jsonb ->> 'vanId'
  FROM documents s
  JOIN documents t ON t.collection = 'trips'
  JOIN LATERAL jsonb_array_elements_text(t.body::jsonb -> 'staffIds') AS j(value) ON j.value = s.id
  WHERE s.collection = 'staff'
    AND (s.body::jsonb -> 'roles') ? 'van-clerk'
ON CONFLICT DO NOTHING;
