-- v_customer_profile: the current profile of every customer (one row each, OneID-merged customers
-- excluded: their identifiers belong to the customer in merged_into). What BI should read.
CREATE VIEW IF NOT EXISTS v_customer_profile AS
SELECT *
FROM customer_profile FINAL
WHERE merged_into = ''
