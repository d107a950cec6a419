-- A sale permit is issued for whole buildings of mixed uses, so its supply is not split by use: the statistics
-- now keep it under use `mixed` (未区分, domain/city/statistics.ts) instead of `unknown`, the use of a record that
-- names none. The permits' facts and the supply they added to the monthly sums move there; a permit revoked
-- later then takes its units off the same row it added them to. Only permits add supply.
UPDATE stat_facts SET use = 'mixed'
  WHERE kind = 'market' AND use = 'unknown' AND (measures LIKE '%"supplyUnits"%' OR measures LIKE '%"supplyAreaDm2"%');

INSERT INTO stat_months (office_code, month, kind, use, registrations, registered_units, fee_fen, new_home_count, new_home_area_dm2,
    new_home_fen, second_hand_count, second_hand_area_dm2, second_hand_fen, supply_units, supply_area_dm2)
  SELECT office_code, month, kind, 'mixed', 0, 0, 0, 0, 0, 0, 0, 0, 0, supply_units, supply_area_dm2
  FROM stat_months WHERE kind = 'market' AND use = 'unknown' AND (supply_units <> 0 OR supply_area_dm2 <> 0);

UPDATE stat_months SET supply_units = 0, supply_area_dm2 = 0 WHERE kind = 'market' AND use = 'unknown';

-- A row that held only supply is now all zeros: nothing of it is left to show.
DELETE FROM stat_months WHERE kind = 'market' AND use = 'unknown' AND registrations = 0 AND registered_units = 0 AND fee_fen = 0
  AND new_home_count = 0 AND new_home_area_dm2 = 0 AND new_home_fen = 0 AND second_hand_count = 0 AND second_hand_area_dm2 = 0
  AND second_hand_fen = 0 AND supply_units = 0 AND supply_area_dm2 = 0;
