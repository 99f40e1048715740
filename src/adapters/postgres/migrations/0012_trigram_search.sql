-- Keyword search over names ("web" finds "prod-web-1") is an ILIKE '%…%' that a b-tree can't serve;
-- trigram indexes can. pg_trgm is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
