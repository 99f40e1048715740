import { z } from 'zod';

/**
 * The one configuration of a Skyledger node, read from the environment and validated at start.
 * A bad value stops the start with a message that names the variable and what is wrong.
 */
const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const postgresUrl = z
  .string()
  .url()
  .refine((s) => /^postgres(ql)?:\/\//.test(s), 'must be a postgres:// or postgresql:// URL');

const port = z.coerce.number().int().min(1).max(65535);

export const configSchema = z
  .object({
    DATABASE_URL: postgresUrl.optional(),
    PORT: port.default(8080),
    HOST: z.string().min(1).default('127.0.0.1'),
    EVENT_STORE: z.enum(['postgres', 'eventstoredb']).default('postgres'),
    EVENTSTOREDB_URL: z
      .string()
      .refine((s) => /^(esdb|esdb\+discover|kurrentdb):\/\//.test(s), 'must be an esdb:// connection string')
      .optional(),
    LOG_LEVEL: z.enum(logLevels).default('info'),
    DATA_DIR: z.string().min(1).default('.skyledger'),
    EMBEDDED_PG_PORT: port.default(54329),
    PG_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    SECRETS_KEY: z
      .string()
      .refine(
        (s) => Buffer.from(s, 'base64').length === 32,
        'must be 32 bytes, base64-encoded (openssl rand -base64 32)',
      )
      .optional(),
    SESSION_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(86_400 * 30)
      .default(3600),
    HOST_TIMEOUT_SECONDS: z.coerce.number().int().min(5).default(150),
    AUTH_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  })
  .superRefine((c, ctx) => {
    if (c.EVENT_STORE === 'eventstoredb' && !c.EVENTSTOREDB_URL)
      ctx.addIssue({
        code: 'custom',
        path: ['EVENTSTOREDB_URL'],
        message: 'is required when EVENT_STORE=eventstoredb',
      });
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Empty strings count as unset, as shells and compose files often export them. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map(
      (i) =>
        `${i.path.join('.') || 'configuration'}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])] ?? null)})`,
    ),
  );
};
