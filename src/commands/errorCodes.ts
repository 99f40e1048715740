import { DomainError, type DomainErrorKind } from '../domain/shared/index.ts';

/** CloudStack's ApiErrorCode for each kind of refusal (reference: cloudstack-api.md §3.2). */
export const cloudStackErrorCode: Readonly<Record<DomainErrorKind, number>> = {
  invalid: 431,
  not_found: 431,
  illegal_state: 431,
  conflict: 431,
  limit_exceeded: 532,
  insufficient_capacity: 533,
  unsupported: 431,
  forbidden: 531,
};

/** The error code and text a failed job records. Unexpected errors are internal (530). */
export const jobErrorOf = (e: unknown): { errorCode: number; errorText: string } =>
  e instanceof DomainError
    ? { errorCode: cloudStackErrorCode[e.kind], errorText: e.message }
    : { errorCode: 530, errorText: e instanceof Error ? e.message : String(e) };
