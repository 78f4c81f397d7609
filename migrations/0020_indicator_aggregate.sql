-- How an indicator's values from several organisations are put together in the region view:
-- 'sum' for counts (people who started), 'mean' for shares and scores (a share of participants in
-- work, a score from 0 to 10), which mean nothing summed. Indicators there already: a share (it
-- has a denominator), per cent or a scale is a mean.
ALTER TABLE impact_indicators ADD COLUMN aggregate TEXT NOT NULL DEFAULT 'sum' CHECK (aggregate IN ('sum', 'mean'));
UPDATE impact_indicators SET aggregate = 'mean'
 WHERE denominator <> '' OR lower(unit) IN ('prosent', '%', 'percent') OR lower(unit) LIKE 'skala%';
