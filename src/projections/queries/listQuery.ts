import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type pg from 'pg';
import type { Position } from '../../adapters/eventstore/port.ts';
import { waitForPosition } from '../consistency.ts';

/**
 * One list-query builder for every read model: filters, sorting, keyset pagination and a total
 * count, driven by a small spec per resource (which column answers which filter). Every query may
 * carry `minPosition` (the position a command returned) and is then answered only once the read
 * models it reads have applied it.
 */

export class QueryError extends Error {
  constructor(
    readonly code: 'FILTER_UNSUPPORTED' | 'SORT_UNSUPPORTED' | 'CURSOR_INVALID' | 'PAGE_SIZE_INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

export type ListFilters = {
  readonly id?: string;
  readonly ids?: readonly string[];
  /** Exact name. */
  readonly name?: string;
  /** Case-insensitive substring of the name (and display name or text where the resource has one). */
  readonly keyword?: string;
  readonly accountId?: string;
  readonly tenantDomainId?: string;
  /** With tenantDomainId: the domain and every domain below it. */
  readonly isRecursive?: boolean;
  readonly state?: string | readonly string[];
  readonly zoneId?: string;
  readonly podId?: string;
  readonly clusterId?: string;
  readonly hostId?: string;
  /** The VM a volume is attached to. */
  readonly vmId?: string;
  /** The resource's kind: a volume's ROOT or DATADISK, an image's TEMPLATE or ISO, an audit entry's VM.START. */
  readonly type?: string;
  /** An audit entry's INFO, WARN or ERROR. */
  readonly level?: string;
  /** Every one of these tags. */
  readonly tags?: readonly string[];
  /** Removed (deleted, expunged) resources are hidden unless asked for. */
  readonly includeRemoved?: boolean;
  /** Only what these may use besides their own (shared catalogue items): see ResourceSpec.visibility. */
  readonly visibleTo?: Sharing;
};

/** Who asks to see shared items: an account, the domains from its own up to ROOT, and (for a domain admin) its subtree. */
export type Sharing = {
  readonly accountId: string;
  readonly domainChain: readonly string[];
  /** The domain whose subtree the caller administers; null for a user. */
  readonly subtreeOf: string | null;
};

export type ReadOptions = {
  /** Read-your-writes: wait until the read models have applied this position. */
  readonly minPosition?: Position;
  readonly timeoutMs?: number;
};

export type PageOptions = ReadOptions & {
  readonly sortBy?: string;
  readonly order?: 'asc' | 'desc';
  /** 1..1000, 100 when absent. */
  readonly pageSize?: number;
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string;
  /** Whether to count every match (CloudStack's `count`); true when absent. */
  readonly withTotal?: boolean;
};

export type Page<T> = {
  readonly items: readonly T[];
  /** Every match of the filters, all pages together; null when not asked for. */
  readonly total: number | null;
  /** null on the last page. */
  readonly nextCursor: string | null;
};

type FilterName = Exclude<
  keyof ListFilters,
  'isRecursive' | 'includeRemoved' | 'ids' | 'keyword' | 'visibleTo'
>;
/** A column holding one value, or `{ array }` for a text[] column holding several (an image's zones). */
type FilterColumn = string | { readonly array: string };

export type ResourceSpec = {
  /** The read model's view. */
  readonly view: string;
  /** Every read model the query reads (its own view first): read-your-writes waits for all of them. */
  readonly reads: readonly string[];
  /** Which column answers which filter; a filter a resource lacks is refused. `id` is always there. */
  readonly filters: Partial<Record<Exclude<FilterName, 'id'>, FilterColumn>>;
  /** Columns the keyword searches. */
  readonly keyword?: readonly string[];
  /** Sort keys → NOT NULL columns; ties are broken by id. */
  readonly sorts: Readonly<Record<string, string>>;
  readonly defaultSort: string;
  /** Computed fields added to every item: name → SQL expression over the row `t`. */
  readonly extra?: Readonly<Record<string, string>>;
  /** Computed fields only a get shows (a list is a summary: a VM's volumes cost a query per row). */
  readonly details?: Readonly<Record<string, string>>;
  /** Whether rows are kept once removed (stamped removed_at) and hidden by default. */
  readonly removable: boolean;
  /**
   * For shared resources (offerings, images): the condition under which a row is visible to a
   * `Sharing`, as SQL over the row `t`, given SQL for the account id and for two text[]: the
   * domain chain and the administered subtree (empty for a user).
   */
  readonly visibility?: (sql: { account: string; chain: string; subtree: string }) => string;
};

export type Item = { readonly id: string; readonly [field: string]: unknown };

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a column name: ${name}`);
  return `t.${name}`;
};

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The ids of a tenant domain and every domain below it, walking the live tree (renames move no rows). */
export const subtreeSql = (param: string) =>
  `(WITH RECURSIVE sub(id) AS (SELECT ${param}::text UNION ALL
     SELECT d.id FROM tenant_domains d JOIN sub ON d.parent_id = sub.id) SELECT id FROM sub)`;

/** Builds the WHERE clause of a list; values go to `params`. */
const whereOf = (spec: ResourceSpec, filters: ListFilters, params: unknown[]): string[] => {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const columnOf = (filter: FilterName): FilterColumn => {
    if (filter === 'id') return 'id';
    const column = spec.filters[filter];
    if (!column) throw new QueryError('FILTER_UNSUPPORTED', `${spec.view} cannot be filtered by ${filter}`);
    return column;
  };
  const where: string[] = [];
  const equals = (filter: FilterName, value: unknown) => {
    const column = columnOf(filter);
    where.push(
      typeof column === 'string'
        ? `${ident(column)} = ${p(value)}`
        : `${p(value)} = ANY(${ident(column.array)})`,
    );
  };
  if (filters.id !== undefined) equals('id', filters.id);
  if (filters.ids !== undefined) where.push(`t.id = ANY(${p(filters.ids)}::text[])`);
  if (filters.name !== undefined) equals('name', filters.name);
  if (filters.accountId !== undefined) equals('accountId', filters.accountId);
  if (filters.zoneId !== undefined) equals('zoneId', filters.zoneId);
  if (filters.podId !== undefined) equals('podId', filters.podId);
  if (filters.clusterId !== undefined) equals('clusterId', filters.clusterId);
  if (filters.hostId !== undefined) equals('hostId', filters.hostId);
  if (filters.vmId !== undefined) equals('vmId', filters.vmId);
  if (filters.type !== undefined) equals('type', filters.type);
  if (filters.level !== undefined) equals('level', filters.level);
  if (filters.tenantDomainId !== undefined) {
    const column = columnOf('tenantDomainId');
    if (typeof column !== 'string') throw new Error('a tenant domain column holds one id');
    where.push(
      filters.isRecursive
        ? // ANY(ARRAY(...)): the subtree is computed once and the column's index is used for it.
          `${ident(column)} = ANY(ARRAY${subtreeSql(p(filters.tenantDomainId))})`
        : `${ident(column)} = ${p(filters.tenantDomainId)}`,
    );
  }
  if (filters.state !== undefined) {
    const column = columnOf('state');
    const states = typeof filters.state === 'string' ? [filters.state] : filters.state;
    where.push(`${ident(column as string)} = ANY(${p(states)}::text[])`);
  }
  if (filters.tags !== undefined)
    where.push(`${ident(columnOf('tags') as string)} @> ${p(filters.tags)}::text[]`);
  if (filters.keyword !== undefined) {
    if (!spec.keyword?.length)
      throw new QueryError('FILTER_UNSUPPORTED', `${spec.view} has no keyword search`);
    const pattern = p(`%${escapeLike(filters.keyword)}%`);
    where.push(`(${spec.keyword.map((c) => `${ident(c)} ILIKE ${pattern}`).join(' OR ')})`);
  }
  if (filters.visibleTo !== undefined) {
    if (!spec.visibility) throw new QueryError('FILTER_UNSUPPORTED', `${spec.view} is not shared`);
    const { accountId, domainChain, subtreeOf } = filters.visibleTo;
    // Getters: a parameter is bound only when the resource's condition uses it (PostgreSQL
    // refuses a parameter it can't type because nothing refers to it).
    const sql = {
      get account() {
        return `${p(accountId)}::text`;
      },
      get chain() {
        return `${p(domainChain)}::text[]`;
      },
      get subtree() {
        return subtreeOf === null ? 'ARRAY[]::text[]' : `ARRAY${subtreeSql(p(subtreeOf))}`;
      },
    };
    where.push(`(${spec.visibility(sql)})`);
  }
  if (spec.removable && !filters.includeRemoved) where.push('t.removed_at IS NULL');
  return where;
};

/** Columns never shown: the aggregate state behind a row and the bookkeeping position. */
const hiddenColumns = new Set(['aggregate', 'position']);

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Memory kept per database (pool): tests run many databases in one process. */
const perPool = <T extends object>(make: () => T) => {
  const kept = new WeakMap<pg.Pool, T>();
  return (pool: pg.Pool): T => {
    const found = kept.get(pool);
    if (found) return found;
    const made = make();
    kept.set(pool, made);
    return made;
  };
};

/** Each view's shown columns, read from the catalogue once (a version bump means new code, so a new process). */
const viewColumns = perPool(() => new Map<string, Promise<string[]>>());

const shownColumns = (pool: pg.Pool, view: string): Promise<string[]> => {
  const views = viewColumns(pool);
  let columns = views.get(view);
  if (!columns) {
    columns = pool
      .query<{ name: string }>(
        `SELECT attname AS name FROM pg_attribute
         WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
        [view],
      )
      .then(({ rows }) => rows.map((r) => r.name).filter((c) => !hiddenColumns.has(c)));
    columns.catch(() => views.delete(view));
    views.set(view, columns);
  }
  return columns;
};

/**
 * The selected row as one JSON object with the API's camelCase keys: the shown columns and the
 * computed fields, built by PostgreSQL (never the aggregate state, which is most of a row's bytes).
 */
const selectOf = async (pool: pg.Pool, spec: ResourceSpec, detailed = false): Promise<string> => {
  const pairs = [
    ...(await shownColumns(pool, spec.view)).map((c) => `'${camel(c)}', ${ident(c)}`),
    ...Object.entries({ ...spec.extra, ...(detailed && spec.details) }).map(([k, sql]) => `'${k}', ${sql}`),
  ];
  // json_build_object takes at most 100 arguments: 50 pairs a call, merged as jsonb when more.
  const chunks = [];
  for (let i = 0; i < pairs.length; i += 50)
    chunks.push(`json_build_object(${pairs.slice(i, i + 50).join(', ')})`);
  return chunks.length === 1 ? chunks[0]! : chunks.map((c) => `${c}::jsonb`).join(' || ');
};

/** A named (prepared) statement: each connection plans it once, not on every call. */
/** Statement names by text (bounded: texts vary with the filters and sort used, not with values). */
const statementNames = new LRUCache<string, string>({ max: 2000 });
const prepared = (text: string, values: unknown[]): pg.QueryConfig => {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
};

/**
 * The version of the read models a count reads: their generations and the positions of their last
 * changes, or null when one is unknown. While it stands still their rows are the same.
 */
const versionSql = (param: string) =>
  `(SELECT string_agg(name || ':' || generation || ':' || changed_position, ',' ORDER BY name)
    FROM projection_checkpoints WHERE name = ANY(${param}::text[])
    HAVING count(changed_position) = cardinality(${param}::text[]))`;

/** List totals by the version of what they counted: exact, and counted again only after a change. */
const rememberedTotals = perPool(() => new LRUCache<string, number>({ max: 10_000 }));

const countMatches = async (
  pool: pg.Pool,
  models: readonly string[],
  countSql: string,
  params: readonly unknown[],
): Promise<number> => {
  const totals = rememberedTotals(pool);
  const query = `${countSql}|${JSON.stringify(params)}`;
  const version = await pool.query<{ version: string | null }>(
    prepared(`SELECT ${versionSql('$1')} AS version`, [models]),
  );
  const now = version.rows[0]?.version;
  const known = now ? totals.get(`${now}|${query}`) : undefined;
  if (known !== undefined) return known;
  // The count and the version it belongs to, read in one statement (one snapshot).
  const n = params.length + 1;
  const { rows } = await pool.query<{ total: number; version: string | null }>(
    prepared(`SELECT count(*)::int AS total, ${versionSql(`$${n}`)} AS version FROM (${countSql}) c`, [
      ...params,
      models,
    ]),
  );
  const { total, version: counted } = rows[0]!;
  if (counted) totals.set(`${counted}|${query}`, total);
  return total;
};

type Cursor = { readonly s: string; readonly o: 'asc' | 'desc'; readonly v: unknown; readonly id: string };

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

const decodeCursor = (cursor: string, sortBy: string, order: 'asc' | 'desc'): Cursor => {
  let c: Cursor;
  try {
    c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
  } catch {
    throw new QueryError('CURSOR_INVALID', 'the cursor is not one this API returned');
  }
  if (c?.s !== sortBy || c.o !== order || typeof c.id !== 'string')
    throw new QueryError(
      'CURSOR_INVALID',
      'the cursor belongs to a list with another sort order; start again',
    );
  return c;
};

const waitIfAsked = async (pool: pg.Pool, spec: ResourceSpec, options: ReadOptions) => {
  if (options.minPosition !== undefined)
    await waitForPosition(pool, spec.reads, options.minPosition, { timeoutMs: options.timeoutMs ?? 2000 });
};

/** One page of a resource's list, in keyset order: (sort column, id) after the cursor's. */
export const listResources = async (
  pool: pg.Pool,
  spec: ResourceSpec,
  filters: ListFilters = {},
  options: PageOptions = {},
): Promise<Page<Item>> => {
  const sortBy = options.sortBy ?? spec.defaultSort;
  const sortColumn = spec.sorts[sortBy];
  if (!sortColumn) throw new QueryError('SORT_UNSUPPORTED', `${spec.view} cannot be sorted by ${sortBy}`);
  const order = options.order ?? 'asc';
  const pageSize = options.pageSize ?? 100;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)
    throw new QueryError('PAGE_SIZE_INVALID', 'pageSize must be a whole number from 1 to 1000');
  await waitIfAsked(pool, spec, options);

  const params: unknown[] = [];
  const where = whereOf(spec, filters, params);
  const countParams = [...params];
  const countWhere = [...where];
  if (options.cursor !== undefined) {
    const c = decodeCursor(options.cursor, sortBy, order);
    params.push(c.v, c.id);
    where.push(
      `(${ident(sortColumn)}, t.id) ${order === 'asc' ? '>' : '<'} ($${params.length - 1}, $${params.length})`,
    );
  }
  const clause = (w: string[]) => (w.length ? `WHERE ${w.join(' AND ')}` : '');
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  const pageQuery = pool.query<{ row: Item; sort_value: unknown }>(
    prepared(
      `SELECT ${await selectOf(pool, spec)} AS row, to_jsonb(${ident(sortColumn)}) AS sort_value
       FROM ${spec.view} t ${clause(where)}
       ORDER BY ${ident(sortColumn)} ${direction}, t.id ${direction} LIMIT ${pageSize + 1}`,
      params,
    ),
  );
  // A recursive domain filter, or a domain admin's sight, reads the domain tree besides the view.
  const readsTree = (filters.isRecursive && filters.tenantDomainId) || filters.visibleTo?.subtreeOf;
  const counted = [spec.view, ...(readsTree ? ['tenant_domains'] : [])];
  const countQuery =
    options.withTotal === false
      ? null
      : countMatches(pool, counted, `SELECT 1 FROM ${spec.view} t ${clause(countWhere)}`, countParams);
  const [{ rows }, total] = await Promise.all([pageQuery, countQuery]);
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    items: page.map((r) => r.row),
    total,
    nextCursor:
      rows.length > pageSize && last
        ? encodeCursor({ s: sortBy, o: order, v: last.sort_value, id: last.row.id as string })
        : null,
  };
};

/** One resource by id, removed or not; null when it never existed. */
export const getResource = async (
  pool: pg.Pool,
  spec: ResourceSpec,
  id: string,
  options: ReadOptions = {},
): Promise<Item | null> => {
  await waitIfAsked(pool, spec, options);
  const { rows } = await pool.query<{ row: Item }>(
    prepared(`SELECT ${await selectOf(pool, spec, true)} AS row FROM ${spec.view} t WHERE t.id = $1`, [id]),
  );
  return rows[0]?.row ?? null;
};
