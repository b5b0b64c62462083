// AnalyticsConfig: every setting of README.md's configuration, its default, and how it is read from the environment.
import { z } from 'zod';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const url = (protocols: RegExp) =>
  z
    .string()
    .refine((v) => protocols.test(v), { message: 'not a supported URL' })
    .optional();

/**
 * fastify's `trustProxy` from text: `true`/`false`, or the proxies' addresses/CIDRs (and proxy-addr's `loopback`,
 * `linklocal`, `uniquelocal`). Not a hop count: fastify 5 trusts no one with it (it cannot tell a proxy from a client).
 */
const trustProxy = z
  .preprocess(
    (v) => (typeof v !== 'string' ? v : v === 'true' ? true : v === 'false' ? false : v.split(',').map((s) => s.trim())),
    z.union([z.boolean(), z.array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6(), z.enum(['loopback', 'linklocal', 'uniquelocal'])])).min(1)], {
      error: 'use true, false, or the proxies’ IP addresses/CIDRs separated by commas',
    }),
  )
  .default(false);

const isOrigin = (v: string) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol) && new URL(v).origin === v;
/** Origins (`https://host[:port]`, comma-separated) besides the server's own whose pages may send cookie mutations. */
const origins = z
  .preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v),
    z.array(z.string().refine(isOrigin, { message: 'not an origin like https://host[:port] (lower case, no path)' })),
  )
  .default([]);

/** pino's level names, most to least severe; `silent` logs nothing. */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** Settings, with the environment variable each one is read from. */
const settings = {
  databaseUrl: { env: 'DATABASE_URL', schema: url(/^postgres(ql)?:\/\//) },
  redisUrl: { env: 'REDIS_URL', schema: url(/^rediss?:\/\//) },
  bufferSize: { env: 'ANALYTICS_BUFFER_SIZE', schema: int(1, 100_000).default(1000) },
  flushIntervalMs: { env: 'ANALYTICS_FLUSH_INTERVAL_MS', schema: int(10, 3_600_000).default(5000) },
  retentionDays: { env: 'ANALYTICS_RETENTION_DAYS', schema: int(1, 3650).default(90) },
  port: { env: 'PORT', schema: int(0, 65_535).default(8002) },
  maxQueueEvents: { env: 'ANALYTICS_MAX_QUEUE_EVENTS', schema: int(1, 100_000_000).default(100_000) },
  maxQueueBytes: { env: 'ANALYTICS_MAX_QUEUE_BYTES', schema: int(1024, 16 * 1024 ** 3).default(64 * 1024 ** 2) },
  // Three writes in flight hide each commit's WAL flush behind the others' work (bench/ingest: 65-69% of \copy's
  // rate against 61-62% with two); the analytics pool has 4 connections, so one stays free.
  maxInFlight: { env: 'ANALYTICS_MAX_IN_FLIGHT', schema: int(1, 16).default(3) },
  idleTimeoutMin: { env: 'ANALYTICS_IDLE_TIMEOUT_MIN', schema: int(1, 24 * 60).default(30) },
  dataDir: { env: 'ANALYTICS_DATA_DIR', schema: z.string().min(1).default('.data/pglite') },
  host: { env: 'HOST', schema: z.string().min(1).default('127.0.0.1') },
  trustProxy: { env: 'TRUST_PROXY', schema: trustProxy },
  allowedOrigins: { env: 'ALLOWED_ORIGINS', schema: origins },
  logLevel: { env: 'LOG_LEVEL', schema: z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), z.enum(logLevels).default('info')) },
  metricsPort: { env: 'METRICS_PORT', schema: int(0, 65_535).optional() },
} as const;

type Settings = typeof settings;
/** Environment variables by name, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;
export type AnalyticsSettings = { [K in keyof Settings]: z.output<Settings[K]['schema']> };

/** A bad configuration value: the message names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** The service's configuration; `new AnalyticsConfig()` has every default. */
export class AnalyticsConfig implements AnalyticsSettings {
  readonly databaseUrl!: string | undefined;
  readonly redisUrl!: string | undefined;
  readonly bufferSize!: number;
  readonly flushIntervalMs!: number;
  readonly retentionDays!: number;
  readonly port!: number;
  readonly maxQueueEvents!: number;
  readonly maxQueueBytes!: number;
  readonly maxInFlight!: number;
  readonly idleTimeoutMin!: number;
  readonly dataDir!: string;
  readonly host!: string;
  readonly trustProxy!: boolean | string[];
  readonly allowedOrigins!: string[];
  readonly logLevel!: LogLevel;
  /** Where /metrics is also served without a credential (METRICS_PORT, on HOST); absent: only to admin keys. */
  readonly metricsPort!: number | undefined;

  constructor(values: Partial<Record<keyof AnalyticsSettings, unknown>> = {}) {
    for (const [key, { env, schema }] of Object.entries(settings)) {
      const raw = values[key as keyof AnalyticsSettings];
      const parsed = (schema as z.ZodType).safeParse(raw === '' ? undefined : raw);
      if (!parsed.success) {
        throw new ConfigError(env, `${parsed.error.issues[0]?.message ?? 'invalid'} (got ${JSON.stringify(raw)})`);
      }
      Object.defineProperty(this, key, { value: parsed.data, enumerable: true });
    }
    Object.freeze(this);
  }

  /**
   * Reads the configuration from an environment (e.g. `process.env`); a bad value throws a ConfigError. With `only`,
   * just those settings' variables are read and the rest keep their defaults: a product's process may hold a
   * `DATABASE_URL` or `PORT` of its own that is none of the tracker's business.
   */
  static fromEnv(env: Environment, only?: readonly (keyof AnalyticsSettings)[]): AnalyticsConfig {
    const values: Record<string, unknown> = {};
    for (const key of only ?? (Object.keys(settings) as (keyof AnalyticsSettings)[])) values[key] = env[settings[key].env];
    return new AnalyticsConfig(values);
  }

  /** The environment variable a setting is read from. */
  static variableOf(key: keyof AnalyticsSettings): string {
    return settings[key].env;
  }
}
