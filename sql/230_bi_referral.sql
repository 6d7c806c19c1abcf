-- bi_referral (BI contract): the referral tree's inviters now: invitations accepted, invitees who
-- bought, and depth = the generations of invitees below them (fission depth).
CREATE VIEW IF NOT EXISTS bi_referral AS
SELECT customer_key AS referrer_id, invites_accepted, invitees_bought, fission_depth AS depth
FROM customer_profile FINAL
WHERE merged_into = '' AND invites_accepted > 0
