import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import { z } from 'zod';
import type { CommandContext } from '../../commands/context.ts';
import type { Caller } from '../../domain/tenancy/roles.ts';
import { keepBodyHash } from './auth/authenticate.ts';
import type { Metrics } from './metrics.ts';
import { openApiDocument } from './openapi.ts';
import { HttpProblem, problemOf, zodErrors } from './problem.ts';
import type { Route } from './route.ts';

export type Authenticate = (req: Request) => Promise<Caller>;

export type HttpAppOptions = {
  readonly routes: readonly Route[];
  readonly authenticate: Authenticate;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Liveness and readiness details (database, projection lag). */
  readonly ready: () => Promise<{ ready: boolean; checks: Record<string, unknown> }>;
  readonly bodyLimit?: string;
  /** Requests per minute per API key or session (or address when anonymous). */
  readonly rateLimitPerMinute?: number;
  readonly version?: string;
  /** Routers served beside the REST routes (the CloudStack API at /client/api), before the 404. */
  readonly mounts?: readonly { readonly path: string; readonly router: express.Router }[];
};

/** What a route that declares no query or body accepts: nothing (an empty JSON object at most). */
const nothing = z.strictObject({});

/**
 * Validates one part of a request; a failure names each field's path (`body.name`) and reason.
 * Unknown fields are refused everywhere, also by routes that declare no schema for the part.
 */
const parse = (schema: z.ZodObject | undefined, value: unknown, where: string): Record<string, unknown> => {
  const result = (schema ?? nothing).safeParse(value ?? {});
  if (!result.success)
    throw new HttpProblem(400, 'VALIDATION_FAILED', 'The request is not valid', {
      errors: zodErrors(result.error, where),
    });
  return result.data;
};

/** The signature's own parameters belong to authentication, not to any route's query. */
const authParams = new Set(['apikey', 'signature', 'signatureversion', 'expires', 'contentsha256']);
const withoutAuthParams = (query: unknown): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(query as Record<string, unknown>).filter(([k]) => !authParams.has(k.toLowerCase())),
  );

const jsonTypes = ['application/json', 'application/*+json'];

/** Keys that are never logged: secrets travel in query strings (signatures) and headers. */
const redact = ['req.headers.authorization', 'req.headers.cookie', 'req.query.signature', 'req.query.apiKey'];

const sendProblem = (res: Response, e: unknown, logger: Logger) => {
  const body = problemOf(e);
  if (body.status >= 500 && body.code === 'INTERNAL_ERROR') logger.error({ err: e }, 'unhandled error');
  res.status(body.status).type('application/problem+json').json(body);
};

/** The native REST API: middleware, validated routes, OpenAPI at /openapi.json and docs at /docs. */
export const createHttpApp = (options: HttpAppOptions) => {
  const { routes, authenticate, logger, metrics } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(helmet({ contentSecurityPolicy: false }));
  app.use((req, res, next) => {
    const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 128) || randomUUID();
    res.setHeader('X-Request-Id', id);
    (req as Request & { id: string }).id = id;
    next();
  });
  app.use(
    pinoHttp({
      logger,
      genReqId: (req) => (req as Request & { id: string }).id,
      redact,
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    }),
  );
  // A REST body the JSON parser would skip (another media type) would be ignored, and unsigned:
  // refuse it. (The CloudStack API, mounted elsewhere, takes form-encoded bodies.)
  app.use('/v1', (req, _res, next) => {
    const hasBody =
      Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !req.is(jsonTypes))
      return next(
        new HttpProblem(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the request body as JSON (Content-Type: application/json)',
        ),
      );
    next();
  });
  app.use(
    express.json({
      limit: options.bodyLimit ?? '256kb',
      type: jsonTypes,
      verify: keepBodyHash,
    }),
  );
  app.use(
    rateLimit({
      windowMs: 60_000,
      limit: options.rateLimitPerMinute ?? 6000,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: (req) =>
        String(req.query.apiKey ?? req.headers.authorization ?? ipKeyGenerator(req.ip ?? '')).slice(0, 200),
      handler: (_req, res) =>
        sendProblem(res, new HttpProblem(429, 'RATE_LIMITED', 'Too many requests; slow down'), logger),
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const { ready, checks } = await options
      .ready()
      .catch((e) => ({ ready: false, checks: { error: String(e) } }));
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', ...checks });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  const document = openApiDocument(routes, { title: 'Skyledger API', version: options.version ?? '0.1.0' });
  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(document));

  for (const r of routes) {
    app[r.method](r.path, async (req: Request, res: Response) => {
      const started = process.hrtime.bigint();
      try {
        const caller = r.auth === false ? null : await authenticate(req);
        const requestId = res.getHeader('X-Request-Id') as string;
        const ctx: CommandContext = {
          commandId: randomUUID(),
          ...(req.headers['idempotency-key']
            ? { idempotencyKey: String(req.headers['idempotency-key']).slice(0, 200) }
            : {}),
          correlationId: requestId,
          requestId,
          actor: caller
            ? { userId: caller.userId, accountId: caller.accountId, tenantDomainId: caller.tenantDomainId }
            : {},
        };
        const result = await r.handler({
          params: parse(r.params, req.params, 'path'),
          query: parse(r.query, withoutAuthParams(req.query), 'query'),
          body: parse(r.body, req.body, 'body'),
          caller,
          ctx,
          req,
          res,
        });
        if (result && !r.streams) {
          if (result.position) res.setHeader('X-Position', result.position);
          for (const [k, v] of Object.entries(result.headers ?? {})) res.setHeader(k, v);
          res.status(result.status);
          if (result.body === undefined) res.end();
          else res.json(result.body);
        }
      } catch (e) {
        if (res.headersSent) res.destroy(e as Error);
        else sendProblem(res, e, logger);
      } finally {
        metrics.httpDuration.observe(
          { method: r.method, route: r.path, status: res.statusCode },
          Number(process.hrtime.bigint() - started) / 1e9,
        );
      }
    });
  }

  for (const { path, router } of options.mounts ?? []) app.use(path, router);

  app.use((_req: Request, res: Response) => {
    sendProblem(res, new HttpProblem(404, 'ROUTE_NOT_FOUND', 'No such endpoint; see /openapi.json'), logger);
  });
  app.use((e: unknown, _req: Request, res: Response, _next: NextFunction) => {
    sendProblem(res, e, logger);
  });
  return app;
};
