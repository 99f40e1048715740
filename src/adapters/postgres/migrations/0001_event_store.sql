-- The event store (src/adapters/eventstore/postgres/): one row per stream, holding the revision the
-- optimistic-concurrency check compares, and the append-only event log. Every append goes through
-- event_store_append(). Revisions are 0-based, as in EventStoreDB.

CREATE TABLE streams (
  stream_id   text PRIMARY KEY,
  -- The text before the first '-' (`vm-<uuid>` -> `vm`), EventStoreDB's $ce- rule.
  category    text NOT NULL,
  -- Revision of the stream's last event; a stream has a row from its first event on.
  revision    bigint NOT NULL CHECK (revision >= 0),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX streams_category_idx ON streams (category, stream_id);

CREATE TABLE events (
  global_position  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The writing transaction's 64-bit id. Not the system column xmin: that one is 32-bit, gets frozen
  -- and names the subtransaction.
  tx_id            xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id        text NOT NULL,
  stream_revision  bigint NOT NULL CHECK (stream_revision >= 0),
  event_id         uuid NOT NULL,
  type             text NOT NULL,
  data             jsonb NOT NULL,
  metadata         jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_event_id_key UNIQUE (event_id),
  CONSTRAINT events_stream_revision_key UNIQUE (stream_id, stream_revision)
);
-- The $all order. A sequence value is drawn at insert but becomes visible at commit, so readers of
-- $all take only rows of transactions older than every running one
-- (tx_id < pg_snapshot_xmin(pg_current_snapshot())) in (tx_id, global_position) order: nothing can
-- appear behind a reader later. Filtered reads scan this index in a bounded window, as EventStoreDB's
-- maxSearchWindow does, so they need no index of their own.
CREATE INDEX events_tx_position_idx ON events (tx_id, global_position);

-- Raises SK001 (wrong expected version), naming the stream's index in the append and its actual
-- revision (null: no stream) as JSON in DETAIL.
CREATE FUNCTION event_store_raise_wrong_expected_version(p_index int, p_stream text)
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  v_actual bigint;
BEGIN
  SELECT s.revision INTO v_actual FROM streams s WHERE s.stream_id = p_stream;
  RAISE EXCEPTION 'wrong expected version on stream %', p_stream
    USING ERRCODE = 'SK001',
          DETAIL = json_build_object('streamIndex', p_index, 'actual', v_actual::text)::text;
END;
$fn$;

-- A retried append (some of its event ids are already stored): when every id names the same event
-- (same stream, type and data) at consecutive revisions, in the order given, at the place the
-- expected revision allows, it returns what the first append returned and writes nothing. Any other
-- reuse of an id raises SK002 with the id in DETAIL.
CREATE FUNCTION event_store_append_retry(
  p_streams text[], p_modes text[], p_revisions bigint[],
  p_event_streams int[], p_offsets int[], p_event_ids uuid[], p_types text[], p_data jsonb[]
) RETURNS TABLE (stream_index int, next_revision bigint, tx_id xid8, global_position bigint)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_conflict uuid;
  v_stream record;
BEGIN
  SELECT p.id INTO v_conflict
  FROM (
    SELECT u.si, u.id, u.k, u.type, u.data, u.o,
           e.stream_id AS stored_stream, e.type AS stored_type, e.data AS stored_data,
           e.stream_revision AS stored_revision,
           min(e.stream_revision) OVER (PARTITION BY u.si) AS first_revision
    FROM unnest(p_event_streams, p_offsets, p_event_ids, p_types, p_data)
           WITH ORDINALITY AS u(si, o, id, type, data, k)
    LEFT JOIN events e ON e.event_id = u.id
  ) p
  WHERE p.stored_stream IS DISTINCT FROM p_streams[p.si]
     OR p.stored_type <> p.type
     OR p.stored_data <> p.data
     OR p.stored_revision <> p.first_revision + p.o
  ORDER BY p.k
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'event id % was already used for a different event', v_conflict
      USING ERRCODE = 'SK002', DETAIL = v_conflict::text;
  END IF;

  FOR v_stream IN
    SELECT u.si, min(e.stream_revision) AS first_revision, max(e.stream_revision) AS last_revision,
           max(e.global_position) AS last_position, (array_agg(e.tx_id))[1] AS tx
    FROM unnest(p_event_streams, p_event_ids) AS u(si, id)
    JOIN events e ON e.event_id = u.id
    GROUP BY u.si
    ORDER BY u.si
  LOOP
    IF NOT (CASE p_modes[v_stream.si]
              WHEN 'no_stream' THEN v_stream.first_revision = 0
              WHEN 'stream_exists' THEN v_stream.first_revision > 0
              WHEN 'exact' THEN v_stream.first_revision = p_revisions[v_stream.si] + 1
              ELSE true
            END) THEN
      PERFORM event_store_raise_wrong_expected_version(v_stream.si, p_streams[v_stream.si]);
    END IF;
    stream_index := v_stream.si;
    next_revision := v_stream.last_revision;
    tx_id := v_stream.tx;
    global_position := v_stream.last_position;
    RETURN NEXT;
  END LOOP;
END;
$fn$;

-- Appends events to one or many streams, all or nothing, in one round trip.
--   p_streams        the streams, each once
--   p_modes          per stream: 'no_stream' | 'stream_exists' | 'exact' | 'any'
--   p_revisions      per stream: the expected revision when the mode is 'exact'
--   p_sizes          per stream: how many events it gets
--   p_event_streams  per event: the 1-based index of its stream in p_streams
--   p_offsets        per event: its 0-based place among its stream's events here
-- Returns per stream its revision after the append and the position of its last event.
CREATE FUNCTION event_store_append(
  p_streams text[], p_modes text[], p_revisions bigint[], p_sizes int[],
  p_event_streams int[], p_offsets int[], p_event_ids uuid[], p_types text[], p_data jsonb[],
  p_metadata jsonb[]
) RETURNS TABLE (stream_index int, next_revision bigint, tx_id xid8, global_position bigint)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_count int := cardinality(p_streams);
  v_first bigint[] := array_fill(NULL::bigint, ARRAY[v_count]);
  v_last bigint;
  v_key int;
BEGIN
  -- Lock every stream first, in key order (no deadlocks), with advisory locks, which take no
  -- transaction id. The id is drawn at the first write, after all locks are held, so whoever wrote
  -- one of these streams before us has a smaller id: each stream's revisions stay in $all order.
  -- (A row lock would draw the id at the first stream and then wait for the next one.)
  IF v_count = 1 THEN
    PERFORM pg_advisory_xact_lock(559130671, hashtext(p_streams[1]));
  ELSE
    FOR v_key IN SELECT DISTINCT hashtext(s) FROM unnest(p_streams) AS s ORDER BY 1 LOOP
      PERFORM pg_advisory_xact_lock(559130671, v_key);
    END LOOP;
  END IF;

  IF EXISTS (SELECT 1 FROM events e WHERE e.event_id = ANY (p_event_ids)) THEN
    RETURN QUERY SELECT * FROM event_store_append_retry(
      p_streams, p_modes, p_revisions, p_event_streams, p_offsets, p_event_ids, p_types, p_data);
    RETURN;
  END IF;

  -- The expected-revision check is the write of the stream row itself: an insert that must not
  -- conflict (no_stream), an update that must find the row (stream_exists) at the expected revision
  -- (exact), or an upsert (any).
  FOR i IN 1 .. v_count LOOP
    CASE p_modes[i]
      WHEN 'no_stream' THEN
        INSERT INTO streams (stream_id, category, revision)
        VALUES (p_streams[i], split_part(p_streams[i], '-', 1), p_sizes[i] - 1)
        ON CONFLICT (stream_id) DO NOTHING
        RETURNING revision INTO v_last;
      WHEN 'stream_exists' THEN
        UPDATE streams SET revision = revision + p_sizes[i], updated_at = now()
        WHERE stream_id = p_streams[i]
        RETURNING revision INTO v_last;
      WHEN 'exact' THEN
        UPDATE streams SET revision = revision + p_sizes[i], updated_at = now()
        WHERE stream_id = p_streams[i] AND revision = p_revisions[i]
        RETURNING revision INTO v_last;
      WHEN 'any' THEN
        INSERT INTO streams AS s (stream_id, category, revision)
        VALUES (p_streams[i], split_part(p_streams[i], '-', 1), p_sizes[i] - 1)
        ON CONFLICT (stream_id) DO UPDATE SET revision = s.revision + p_sizes[i], updated_at = now()
        RETURNING revision INTO v_last;
    END CASE;
    IF NOT FOUND THEN
      PERFORM event_store_raise_wrong_expected_version(i, p_streams[i]);
    END IF;
    v_first[i] := v_last - p_sizes[i] + 1;
  END LOOP;

  -- One multi-row insert; ORDER BY k draws global positions in the order given.
  RETURN QUERY
  WITH inserted AS (
    INSERT INTO events (stream_id, stream_revision, event_id, type, data, metadata)
    SELECT p_streams[u.si], v_first[u.si] + u.o, u.id, u.type, u.data, u.metadata
    FROM unnest(p_event_streams, p_offsets, p_event_ids, p_types, p_data, p_metadata)
           WITH ORDINALITY AS u(si, o, id, type, data, metadata, k)
    ORDER BY u.k
    RETURNING events.stream_id, events.stream_revision, events.global_position
  )
  SELECT array_position(p_streams, w.stream_id), max(w.stream_revision), pg_current_xact_id(),
         max(w.global_position)
  FROM inserted w
  GROUP BY w.stream_id;
END;
$fn$;
