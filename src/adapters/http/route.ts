import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { CommandContext } from '../../commands/context.ts';
import type { Caller } from '../../domain/tenancy/roles.ts';

/**
 * One REST operation, declared once: the zod schemas validate the request (unknown fields are
 * refused: use z.strictObject) and generate its OpenAPI description; the handler gets typed,
 * validated input and the authenticated caller.
 */
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

type AnyObject = z.ZodObject;

export type RouteInput<P extends AnyObject, Q extends AnyObject, B extends AnyObject> = {
  readonly params: z.infer<P>;
  readonly query: z.infer<Q>;
  readonly body: z.infer<B>;
  /** Null only on routes with `auth: false`. */
  readonly caller: Caller | null;
  /** Metadata for the commands the handler runs: request id, correlation, actor. */
  readonly ctx: CommandContext;
  readonly req: Request;
  readonly res: Response;
};

export type RouteResult = {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** The $all position of the change, returned as the X-Position header for read-your-writes. */
  readonly position?: string | null;
};

export type Route<
  P extends AnyObject = AnyObject,
  Q extends AnyObject = AnyObject,
  B extends AnyObject = AnyObject,
> = {
  readonly method: Method;
  /** Express style: `/v1/vms/:id`. */
  readonly path: string;
  readonly summary: string;
  readonly tags: readonly string[];
  /** Default true: the caller must be authenticated. */
  readonly auth?: boolean;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  readonly responses: Readonly<Record<number, { readonly description: string; readonly schema?: z.ZodType }>>;
  /** Written straight to the response (exports, metrics): the handler answers itself. */
  readonly streams?: boolean;
  readonly handler: (input: RouteInput<P, Q, B>) => Promise<RouteResult | undefined>;
};

/** Keeps each route's schema types tied to its handler. */
export const route = <P extends AnyObject, Q extends AnyObject, B extends AnyObject>(
  spec: Route<P, Q, B>,
): Route => spec as unknown as Route;
