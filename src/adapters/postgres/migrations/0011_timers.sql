-- Durable timers (src/commands/timers): one row per pending timer, fired by the single node that
-- holds the timers leadership. Rows are derived from events (snapshot policies, destroyed VMs) by
-- the same leader, with its checkpoint in workflow_checkpoints, and survive restarts.
--   snapshot-policy:<policyId>  recurring: due_at is the policy's next slot; firing takes that slot's
--                               snapshot and moves due_at to the following slot
--   expunge-vm:<vmId>           one-shot: expunge.delay after the VM was destroyed
--   sweep                       recurring: expires stale reservations
-- A firing moves or deletes the row only if due_at still holds the instant it fired for, so one
-- due instant is acted on once; the actions themselves are keyed by (timer, instant) as well.
CREATE TABLE timers (
  timer_id    text PRIMARY KEY,
  kind        text NOT NULL,
  due_at      timestamptz NOT NULL,
  payload     jsonb NOT NULL DEFAULT '{}',
  attempts    integer NOT NULL DEFAULT 0,
  last_error  text,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX timers_due_at ON timers (due_at);
