-- Login sessions of the REST and CloudStack APIs. Only a hash of each token is kept, so a leaked
-- table grants nothing; expired rows are swept at login.
CREATE TABLE sessions (
  token_hash  text PRIMARY KEY,
  user_id     text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);
