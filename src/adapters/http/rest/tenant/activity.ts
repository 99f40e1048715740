import { z } from 'zod';
import type { HttpContext } from '../../../../app/http.ts';
import { contentTypes, csvHeader, writeAuditExport } from '../../../export/audit.ts';
import { type Route, route } from '../../route.ts';
import {
  callerOf,
  defined,
  getScoped,
  idParams,
  listScoped,
  pageOptionsOf,
  pageQuery,
  problemResponses,
  queryOf,
  readQuery,
  scopedFilters,
  uuid,
} from './shared.ts';

/** Jobs, events (the audit log) and the audit export, each in the caller's scope. */

const ownedQuery = {
  accountId: uuid.optional(),
  domainId: uuid.optional(),
  isRecursive: z.stringbool().optional(),
};

const instant = z.iso.datetime({ offset: true });

export const activityRoutes = (context: HttpContext): Route[] => [
  route({
    method: 'get',
    path: '/v1/jobs',
    summary: 'List async jobs in your scope',
    tags: ['jobs'],
    query: queryOf({
      ...ownedQuery,
      state: z.enum(['pending', 'succeeded', 'failed']).optional(),
      command: z.string().min(1).max(80).optional(),
      ...pageQuery,
    }),
    responses: { 200: { description: '{items, total, nextCursor}' }, ...problemResponses },
    handler: async ({ query, caller }) =>
      listScoped(
        context,
        callerOf(caller),
        'jobs',
        defined({
          accountId: query.accountId,
          tenantDomainId: query.domainId,
          isRecursive: query.domainId !== undefined ? (query.isRecursive ?? true) : undefined,
          state: query.state,
          type: query.command,
        }),
        pageOptionsOf(query),
      ),
  }),
  route({
    method: 'get',
    path: '/v1/jobs/:id',
    summary: 'An async job: its state and, once done, its result or error',
    tags: ['jobs'],
    params: idParams,
    query: readQuery,
    responses: { 200: { description: 'The job' }, ...problemResponses },
    handler: async ({ params, query, caller }) => ({
      status: 200,
      body: await getScoped(context, callerOf(caller), 'jobs', params.id, query.minPosition),
    }),
  }),
  route({
    method: 'get',
    path: '/v1/events',
    summary: 'The audit log (events) in your scope',
    tags: ['events'],
    query: queryOf({
      ...ownedQuery,
      type: z.string().min(1).max(80).optional(),
      level: z.enum(['INFO', 'WARN', 'ERROR']).optional(),
      keyword: z.string().min(1).max(255).optional(),
      ...pageQuery,
    }),
    responses: { 200: { description: '{items, total, nextCursor}' }, ...problemResponses },
    handler: async ({ query, caller }) =>
      listScoped(
        context,
        callerOf(caller),
        'auditLog',
        defined({
          accountId: query.accountId,
          tenantDomainId: query.domainId,
          isRecursive: query.domainId !== undefined ? (query.isRecursive ?? true) : undefined,
          type: query.type,
          level: query.level,
          keyword: query.keyword,
        }),
        pageOptionsOf(query),
      ),
  }),
  route({
    method: 'get',
    path: '/v1/audit/export',
    summary: 'Export the audit log in your scope as JSON Lines or CSV (streamed)',
    tags: ['events'],
    streams: true,
    query: queryOf({
      format: z.enum(['jsonl', 'csv']).default('jsonl'),
      accountId: uuid.optional(),
      domainId: uuid.optional(),
      resourceId: uuid.optional(),
      type: z.string().min(1).max(80).optional(),
      from: instant.optional(),
      to: instant.optional(),
    }),
    responses: {
      200: { description: 'application/jsonl or text/csv, one event per line' },
      ...problemResponses,
    },
    handler: async ({ query, caller, res }) => {
      const who = callerOf(caller);
      // A domain or account outside the caller's scope exports nothing, as a filter matching nothing.
      const scoped = await scopedFilters(
        context.app.pool,
        who,
        defined({ accountId: query.accountId, tenantDomainId: query.domainId }),
      );
      res.status(200).type(contentTypes[query.format]);
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.${query.format}"`,
      );
      if (scoped === null) {
        res.end(query.format === 'csv' ? csvHeader : '');
        return undefined;
      }
      await writeAuditExport(context.app.pool, res, {
        format: query.format,
        caller: who,
        filter: defined({
          accountId: query.accountId,
          tenantDomainId: query.domainId,
          resourceId: query.resourceId,
          type: query.type,
          from: query.from,
          to: query.to,
        }),
      });
      res.end();
      return undefined;
    },
  }),
];
