-- At the city, a county's link records how many facts the county still has to send (its answer's count).
-- This replaces facts_head, the number of its last fact: facts may skip a number, so that difference could
-- overstate the lag. facts_head stays (nothing is dropped) and is no longer written.
ALTER TABLE county_links ADD COLUMN facts_pending BIGINT NOT NULL DEFAULT 0;
