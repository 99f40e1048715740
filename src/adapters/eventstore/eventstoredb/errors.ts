import { convertToCommandError, ErrorType, isCommandError } from '@eventstore/db-client';

/** The client's error type; some calls (server features, stream set-up) reject with the raw gRPC
 * error, which the client's own conversion types. */
const errorType = (error: unknown): string | undefined => {
  if (!(error instanceof Error)) return undefined;
  const converted = convertToCommandError(error);
  return isCommandError(converted) ? converted.type : undefined;
};

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

export type RetryOptions = {
  /** Attempts of one call when the connection or the node fails. */
  readonly attempts: number;
  /** First pause between attempts, doubled each time. */
  readonly retryDelayMs: number;
};

/** Runs `call` again after a transient failure (the connection, the node), with growing pauses:
 * every call retried this way is idempotent (reads, and appends with their event ids). */
export const retrying = async <T>(options: RetryOptions, call: () => Promise<T>): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!isTransientAppendError(error) || attempt >= options.attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs * 2 ** (attempt - 1)));
    }
  }
};
