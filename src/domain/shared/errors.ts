/**
 * Every refusal of a domain rule is a DomainError with a stable, machine-readable `code` and a
 * `kind` that the adapters map onto HTTP statuses and CloudStack error codes.
 */
export type DomainErrorKind =
  | 'invalid' // the request itself is malformed or out of range
  | 'not_found' // a referenced resource does not exist (or is gone)
  | 'illegal_state' // the resource's state does not allow the operation
  | 'conflict' // a uniqueness rule or a concurrent change
  | 'limit_exceeded' // a resource limit of an account or domain
  | 'insufficient_capacity' // no host or pool has room
  | 'unsupported' // the hypervisor or the configuration cannot do it
  | 'forbidden'; // the caller may not do it

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('invalid', code, message, details);
export const notFound = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('not_found', code, message, details);
export const illegalState = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('illegal_state', code, message, details);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('conflict', code, message, details);
export const limitExceeded = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('limit_exceeded', code, message, details);
export const insufficientCapacity = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('insufficient_capacity', code, message, details);
export const unsupported = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('unsupported', code, message, details);
export const forbidden = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('forbidden', code, message, details);

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
