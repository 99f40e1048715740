import { ZodError } from 'zod';
import { DomainError, type DomainErrorKind } from '../../domain/shared/index.ts';
import { StaleReadError } from '../../projections/consistency.ts';
import { QueryError } from '../../projections/queries/listQuery.ts';
import { AppendSizeExceededError, WrongExpectedVersionError } from '../eventstore/port.ts';

/**
 * RFC 9457 problem details: every error the REST API answers has a stable `code`, a human
 * `detail`, and for validation the field path and reason of each problem.
 */
export type Problem = {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors?: readonly { readonly path: string; readonly reason: string }[];
  readonly [extra: string]: unknown;
};

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

const statusOfKind: Readonly<Record<DomainErrorKind, number>> = {
  invalid: 400,
  unsupported: 400,
  forbidden: 403,
  not_found: 404,
  illegal_state: 409,
  conflict: 409,
  limit_exceeded: 409,
  insufficient_capacity: 503,
};

const titles: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const problem = (
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Problem => ({
  type: `https://skyledger.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
  title: titles[status] ?? 'Error',
  status,
  code,
  detail,
  ...extra,
});

export const zodErrors = (error: ZodError, prefix = '') =>
  error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    reason: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message,
  }));

/** The problem an error answers as; unexpected errors hide their details (they are logged instead). */
export const problemOf = (e: unknown): Problem => {
  if (e instanceof HttpProblem) return problem(e.status, e.code, e.message, e.extra);
  if (e instanceof ZodError)
    return problem(400, 'VALIDATION_FAILED', 'The request is not valid', { errors: zodErrors(e) });
  if (e instanceof DomainError)
    return problem(
      statusOfKind[e.kind],
      e.code,
      e.message,
      Object.keys(e.details).length ? { details: e.details } : {},
    );
  if (e instanceof QueryError) return problem(400, e.code, e.message);
  if (e instanceof StaleReadError) return problem(503, 'READ_MODEL_BEHIND', e.message);
  if (e instanceof WrongExpectedVersionError)
    return problem(
      409,
      'CONCURRENT_MODIFICATION',
      'The resource was changed concurrently; retry the request',
    );
  if (e instanceof AppendSizeExceededError) return problem(413, 'CHANGE_TOO_LARGE', e.message);
  const status = (e as { status?: unknown; type?: unknown })?.status;
  if (status === 413) return problem(413, 'BODY_TOO_LARGE', 'The request body is too large');
  if (status === 400 && (e as { type?: unknown }).type === 'entity.parse.failed')
    return problem(400, 'MALFORMED_JSON', 'The request body is not valid JSON');
  return problem(500, 'INTERNAL_ERROR', 'An internal error occurred; it has been logged');
};
