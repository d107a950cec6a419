-- Staff documents were pulled by every van (office roles' password hashes included). From now on a van
-- pulls only its trips' van clerks (domain/staff/van-access.ts): staff are no longer for everyone, and each
-- van clerk is shared with the vans of the trips that list them.
UPDATE documents SET audience_all = 0 WHERE collection = 'staff';
INSERT OR IGNORE INTO doc_audience (collection, id, van_id)
  SELECT 'staff', s.id, json_extract(t.body, '$.vanId')
  FROM documents s
  JOIN documents t ON t.collection = 'trips'
  JOIN json_each(t.body, '$.staffIds') j ON j.value = s.id
  WHERE s.collection = 'staff'
    AND EXISTS (SELECT 1 FROM json_each(s.body, '$.roles') r WHERE r.value = 'van-clerk');
