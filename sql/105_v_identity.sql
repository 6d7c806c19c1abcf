-- v_identity: identifier → current canonical customer id, one row per identifier. Join events on
-- it through the event's strongest identifier, e.g.
--   multiIf(member_id != '', concat('m:', member_id), union_id != '', concat('u:', union_id),
--           open_id != '', concat('o:', open_id), concat('p:', phone_hash))
CREATE VIEW IF NOT EXISTS v_identity AS
SELECT id, canonical_id, linked_at, cause
FROM identity_map FINAL
