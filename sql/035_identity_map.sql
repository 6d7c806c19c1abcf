-- identity_map: every customer identifier the job has seen, with the canonical customer id it
-- belongs to now (OneID). Identifiers are prefixed by their kind: 'm:' member id, 'u:' union id,
-- 'o:' open id, 'p:' phone hash (the salted HMAC, never the number). The canonical id is the
-- strongest identifier of the merged customer (member > union > open > phone, then the smallest),
-- so BI can join CRM member ids directly. A merge re-points the ids of the absorbed customer with a
-- higher version: read with FINAL (or through v_identity).
CREATE TABLE IF NOT EXISTS identity_map
(
    id           String,
    canonical_id String,
    version      UInt64,
    linked_at    DateTime('UTC'),
    cause        String
)
ENGINE = ReplacingMergeTree(version)
ORDER BY id
