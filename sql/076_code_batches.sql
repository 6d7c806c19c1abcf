-- code_batches: the code-batch dimension (bi.code-batches file, written by the job on start):
-- where each batch was shipped and how many codes it carries, the denominator of scan rates.
CREATE TABLE IF NOT EXISTS code_batches
(
    batch_id       String,
    sku            String,
    campaign_id    String,
    shipped_region String,
    codes_issued   UInt64,
    shipped_at     DateTime('UTC')
)
ENGINE = ReplacingMergeTree()
ORDER BY batch_id
