-- The position of the last batch that changed rows of the projection's table (a checkpoint also
-- moves past events the projection ignores). Queries key what they remember about a read model
-- (list totals) on it: while it stands still, the table holds the same rows.
ALTER TABLE projection_checkpoints ADD COLUMN changed_position text;
-- Existing tables hold every change up to their checkpoint.
UPDATE projection_checkpoints SET changed_position = position;
