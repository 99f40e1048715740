import { ErrorType, isCommandError } from '@eventstore/db-client';

const errorType = (error: unknown): string | undefined =>
  error instanceof Error && isCommandError(error) ? error.type : undefined;

/** Errors after which the same request may succeed: the connection or the node, not the request. */
const transientTypes = new Set<string>([
  ErrorType.UNAVAILABLE,
  ErrorType.CANCELLED,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.NOT_LEADER,
]);

/** An append worth retrying with the same event ids and expected revision (idempotent on the server). */
export const isTransientAppendError = (error: unknown): boolean => transientTypes.has(errorType(error) ?? '');

/** Errors that resubscribing cannot cure: the request or the credentials are wrong. */
const permanentTypes = new Set<string>([
  ErrorType.ACCESS_DENIED,
  ErrorType.INVALID_ARGUMENT,
  ErrorType.NOT_FOUND,
  ErrorType.STREAM_DELETED,
  ErrorType.UNSUPPORTED,
]);

/** A subscription resubscribes after anything but a request the server will always refuse. */
export const isTransientSubscriptionError = (error: unknown): boolean => {
  const type = errorType(error);
  // Anything that is not the server's or the connection's answer is ours: a bug, not worth a retry.
  return type !== undefined && !permanentTypes.has(type);
};

export const isType = (error: unknown, type: ErrorType): boolean => errorType(error) === type;
