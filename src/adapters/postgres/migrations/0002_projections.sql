-- Where each projection is: the generation of its tables that queries read, and the $all position
-- it has applied up to. A rebuild writes a new generation with its own row in projection_builds.
CREATE TABLE projection_checkpoints (
  name        text PRIMARY KEY,
  generation  integer NOT NULL,
  -- the projection's code version that filled this generation
  version     integer NOT NULL,
  position    text,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE projection_builds (
  name        text NOT NULL,
  generation  integer NOT NULL,
  version     integer NOT NULL,
  position    text,
  started_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, generation)
);

-- An event a projection could not apply: the projection stops on it (never skips) until fixed.
CREATE TABLE projection_errors (
  name        text NOT NULL,
  position    text NOT NULL,
  event_id    uuid,
  event_type  text,
  error       text NOT NULL,
  failed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, position)
);
