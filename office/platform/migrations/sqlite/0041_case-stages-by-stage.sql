-- The dashboard's stage cards open the list of the cases in that stage (待登簿, 公告, 补正, 暂停 …), oldest
-- acceptance first, paged by key after (accepted_at, case_id): the list walks this index from its cursor.
CREATE INDEX case_stages_by_stage ON case_stages (stage, accepted_at, case_id);
