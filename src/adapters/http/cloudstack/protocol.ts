import { cloudStackErrorCode } from '../../../commands/errorCodes.ts';
import { DomainError, type DomainErrorKind } from '../../../domain/shared/index.ts';
import { QueryError } from '../../../projections/queries/index.ts';

/**
 * CloudStack's wire rules (reference: cloudstack-api.md §1–§3): parameters, response envelopes,
 * errors with their HTTP status equal to the error code, and dates.
 */

/** An API error as CloudStack answers it: HTTP status = errorcode. */
export class CsError extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
    /** The Java exception's code; absent for the servlet's own 401/400 answers. */
    readonly csErrorCode?: number,
  ) {
    super(message);
    this.name = 'CsError';
  }
}

export const credentialsRefused = () =>
  new CsError(401, 'unable to verify user credentials and/or request signature');

const csCodeOfKind: Readonly<Record<DomainErrorKind, number>> = {
  invalid: 4350,
  not_found: 4350,
  illegal_state: 4250,
  conflict: 4300,
  limit_exceeded: 4280,
  insufficient_capacity: 4325,
  unsupported: 4350,
  forbidden: 4365,
};

/** Any error as CloudStack's {errorcode, cserrorcode, errortext}; unexpected errors are 530. */
export const csErrorOf = (e: unknown): CsError => {
  if (e instanceof CsError) return e;
  if (e instanceof DomainError)
    return new CsError(cloudStackErrorCode[e.kind], e.message, csCodeOfKind[e.kind]);
  if (e instanceof QueryError) return new CsError(431, e.message, 9999);
  return new CsError(530, 'Internal error executing command, please contact your system administrator', 4250);
};

/** A command's response wrapper key: `deployVirtualMachine` → `deployvirtualmachineresponse`. */
export const responseKey = (command: string) => `${command.toLowerCase()}response`;

export const errorBody = (e: CsError) => ({
  uuidList: [],
  errorcode: e.errorCode,
  ...(e.csErrorCode !== undefined ? { cserrorcode: e.csErrorCode } : {}),
  errortext: e.message,
});

/** `2024-01-02T03:04:05+0000` in UTC, as CloudStack's SimpleDateFormat writes it. */
export const csDate = (value: unknown): string | undefined => {
  if (value === null || value === undefined || value === '') return undefined;
  const date = new Date(value as string);
  if (Number.isNaN(date.getTime())) return undefined;
  return `${date.toISOString().slice(0, 19)}+0000`;
};

/** Drops null and undefined fields, as CloudStack's Gson serialiser omits them. */
export const compact = <T extends Record<string, unknown>>(o: T): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

/** The request's parameters: names as sent (for the signature) and lower-cased (for binding). */
export type RequestParams = {
  /** Names in their original case, first value of each. */
  readonly raw: Readonly<Record<string, string>>;
  /** Lower-cased names; `command` keeps its case-sensitive value. */
  readonly lower: Readonly<Record<string, string>>;
};

/** Control characters except LF and CR (TAB included) are refused, as CloudStack does. */
const hasControlCharacter = (value: string): boolean => {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
};

/** Merges query string and form body, first value winning; control characters are refused (431). */
export const requestParams = (query: string, body: string): RequestParams => {
  const raw: Record<string, string> = {};
  const lower: Record<string, string> = {};
  for (const source of [query, body])
    for (const [name, value] of new URLSearchParams(source)) {
      if (hasControlCharacter(value))
        throw new CsError(431, `Parameter ${name} contains control characters`, 9999);
      if (!(name in raw)) raw[name] = value;
      const key = name.toLowerCase();
      if (!(key in lower)) lower[key] = value;
    }
  return { raw, lower };
};

/** CloudStack booleans: anything but a case-insensitive "true" is false. */
export const csBoolean = (value: string | undefined): boolean | undefined =>
  value === undefined ? undefined : value.toLowerCase() === 'true';
