-- How far each process manager (job executor, timers) has handled $all: everything at or before
-- `position` is done, so a restart resumes here and redoes nothing that finished.
CREATE TABLE workflow_checkpoints (
  name        text PRIMARY KEY,
  position    text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
