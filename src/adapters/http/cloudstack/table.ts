import type { HttpContext } from '../../../app/http.ts';
import type { CommandContext } from '../../../commands/context.ts';
import type { Caller, RoleType } from '../../../domain/tenancy/roles.ts';
import type { Position } from '../../eventstore/port.ts';
import { CsError } from './protocol.ts';

/**
 * The ONE table of supported CloudStack commands: name, sync/async, description, parameters and
 * response fields, and the handler. listApis and the README's table are generated from it.
 */

export type ParamType = 'string' | 'uuid' | 'integer' | 'long' | 'boolean' | 'list' | 'map' | 'date';
export type ParamSpec = {
  readonly name: string;
  readonly type: ParamType;
  readonly required?: boolean;
  readonly description: string;
};

/** What a handler answers; the router wraps it in the command's envelope. */
export type Answer =
  | {
      readonly kind: 'list';
      readonly key: string;
      readonly items: readonly object[];
      readonly count: number;
      readonly position?: Position | null;
    }
  | {
      readonly kind: 'object';
      readonly key: string;
      readonly value: object;
      readonly position?: Position | null;
    }
  | {
      readonly kind: 'async';
      readonly jobId: string;
      readonly id?: string;
      readonly position: Position | null;
    }
  | { readonly kind: 'success'; readonly position?: Position | null }
  | { readonly kind: 'flat'; readonly value: object; readonly position?: Position | null };

export type Call = {
  readonly command: string;
  readonly caller: Caller;
  readonly ctx: CommandContext;
  readonly http: HttpContext;
  /** Validated parameters by lower-case name. */
  readonly params: Readonly<Record<string, string>>;
  /** The position the caller's last write reached: lists wait for it (read-your-writes). */
  readonly minPosition: Position | undefined;
  str(name: string): string | undefined;
  int(name: string): number | undefined;
  bool(name: string): boolean | undefined;
  /** A required parameter (the table marks it; this narrows the type). */
  need(name: string): string;
};

export type CommandSpec = {
  readonly name: string;
  readonly description: string;
  readonly isasync: boolean;
  readonly params: readonly ParamSpec[];
  /** The entity the response carries (its fields come from `responseFields`), or none. */
  readonly entity?: string;
  /** The role types allowed to call it (CloudStack's role permissions); every role when absent. */
  readonly roles?: readonly RoleType[];
  readonly run: (call: Call) => Promise<Answer>;
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks required params and value types as CloudStack's ParamProcessWorker does (431 on failure). */
export const validateParams = (spec: CommandSpec, params: Readonly<Record<string, string>>) => {
  const api = spec.name.toLowerCase();
  for (const p of spec.params) {
    const value = params[p.name];
    if (value === undefined || value === '') {
      if (p.required)
        throw new CsError(
          431,
          `Unable to execute API command ${api} due to missing parameter ${p.name}`,
          9999,
        );
      continue;
    }
    if (value.length > 255 && p.name !== 'userdata')
      throw new CsError(431, `Value of parameter ${p.name} is longer than 255 characters`, 9999);
    const bad =
      (p.type === 'uuid' && !uuid.test(value) && value !== '-1') ||
      ((p.type === 'integer' || p.type === 'long') && !/^-?\d+$/.test(value)) ||
      (p.type === 'list' && value.split(',').some((v) => !v));
    if (bad)
      throw new CsError(
        431,
        p.type === 'uuid'
          ? `Invalid parameter ${p.name} value=${value} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.`
          : `Unable to execute API command ${api} due to invalid value ${value} for parameter ${p.name}`,
        9999,
      );
  }
};

export const callOf = (base: Omit<Call, 'str' | 'int' | 'bool' | 'need'>): Call => ({
  ...base,
  str: (name) => base.params[name] || undefined,
  int: (name) => (base.params[name] ? Number.parseInt(base.params[name]!, 10) : undefined),
  bool: (name) => (base.params[name] === undefined ? undefined : base.params[name]!.toLowerCase() === 'true'),
  need: (name) => {
    const v = base.params[name];
    if (!v)
      throw new CsError(
        431,
        `Unable to execute API command ${base.command.toLowerCase()} due to missing parameter ${name}`,
        9999,
      );
    return v;
  },
});

/** Shorthands for the table. */
export const p = {
  req: (name: string, type: ParamType, description: string): ParamSpec => ({
    name,
    type,
    required: true,
    description,
  }),
  opt: (name: string, type: ParamType, description: string): ParamSpec => ({ name, type, description }),
};

/** BaseListCmd's paging and keyword. */
export const listParams: readonly ParamSpec[] = [
  p.opt('page', 'integer', 'the page of the list (1-based), with pagesize'),
  p.opt('pagesize', 'integer', 'the number of items per page, with page (at most 500)'),
  p.opt('keyword', 'string', 'list by keyword'),
];

/** BaseListDomainResourcesCmd / BaseListAccountResourcesCmd ownership filters. */
export const scopeParams: readonly ParamSpec[] = [
  p.opt('account', 'string', 'list resources by account name; must be used with domainid'),
  p.opt('domainid', 'uuid', 'list only resources of this domain'),
  p.opt('isrecursive', 'boolean', 'with domainid: also the domains below it'),
  p.opt('listall', 'boolean', "true: every resource the caller may see, not only the caller's own"),
];
