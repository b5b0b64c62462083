import { describe, expect, it } from 'vitest';
import { AnalyticsConfig, ConfigError } from '../../domain/config.ts';

describe('AnalyticsConfig', () => {
  it('instantiates with its defaults', () => {
    const c = new AnalyticsConfig();
    expect(c).toMatchObject({
      bufferSize: 1000,
      flushIntervalMs: 5000,
      retentionDays: 90,
      port: 8002,
      maxQueueEvents: 100_000,
      maxQueueBytes: 64 * 1024 * 1024,
      databaseUrl: undefined,
      redisUrl: undefined,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads the environment', () => {
    const c = AnalyticsConfig.fromEnv({
      DATABASE_URL: 'postgres://u@h:5432/db',
      REDIS_URL: 'redis://127.0.0.1:6379',
      ANALYTICS_BUFFER_SIZE: '500',
      ANALYTICS_FLUSH_INTERVAL_MS: '250',
      ANALYTICS_RETENTION_DAYS: '30',
      PORT: '9000',
      ANALYTICS_MAX_QUEUE_EVENTS: '2000',
      ANALYTICS_MAX_QUEUE_BYTES: '1048576',
    });
    expect(c).toMatchObject({
      databaseUrl: 'postgres://u@h:5432/db',
      redisUrl: 'redis://127.0.0.1:6379',
      bufferSize: 500,
      flushIntervalMs: 250,
      retentionDays: 30,
      port: 9000,
      maxQueueEvents: 2000,
      maxQueueBytes: 1048576,
    });
  });

  it.each([
    ['ANALYTICS_BUFFER_SIZE', 'lots'],
    ['ANALYTICS_BUFFER_SIZE', '0'],
    ['ANALYTICS_FLUSH_INTERVAL_MS', '-5'],
    ['ANALYTICS_RETENTION_DAYS', '1.5'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'http://x'],
    ['TRUST_PROXY', 'yes'],
    ['TRUST_PROXY', '2'],
    ['TRUST_PROXY', '10.0.0.1, 10.0.0.999'],
    ['ALLOWED_ORIGINS', 'https://console.example/app'],
    ['ALLOWED_ORIGINS', 'console.example'],
    ['LOG_LEVEL', 'loud'],
    ['METRICS_PORT', '-1'],
  ])('stops on a bad %s naming the variable', (variable, value) => {
    expect(() => AnalyticsConfig.fromEnv({ [variable]: value })).toThrow(ConfigError);
    expect(() => AnalyticsConfig.fromEnv({ [variable]: value })).toThrow(new RegExp(`^${variable}: `));
  });

  it('trusts no proxy and no other origin by default', () => {
    expect(new AnalyticsConfig()).toMatchObject({ trustProxy: false, allowedOrigins: [] });
  });

  it('reads TRUST_PROXY as fastify takes it (true, or the proxies’ addresses and CIDRs) and ALLOWED_ORIGINS as a list', () => {
    expect(AnalyticsConfig.fromEnv({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(AnalyticsConfig.fromEnv({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(AnalyticsConfig.fromEnv({ TRUST_PROXY: '10.0.0.1, 10.1.0.0/16,::1,loopback' }).trustProxy).toEqual([
      '10.0.0.1',
      '10.1.0.0/16',
      '::1',
      'loopback',
    ]);
    expect(AnalyticsConfig.fromEnv({ ALLOWED_ORIGINS: 'https://console.example, http://127.0.0.1:5173' }).allowedOrigins).toEqual([
      'https://console.example',
      'http://127.0.0.1:5173',
    ]);
  });

  it('reads only the settings it is asked for, leaving the rest at their defaults', () => {
    const c = AnalyticsConfig.fromEnv({ PORT: 'web', DATABASE_URL: 'mysql://x', ANALYTICS_MAX_IN_FLIGHT: '5' }, ['maxInFlight']);
    expect(c).toMatchObject({ maxInFlight: 5, port: 8002, databaseUrl: undefined });
  });

  it('reads LOG_LEVEL by pino’s level names (info by default) and METRICS_PORT (absent by default)', () => {
    expect(new AnalyticsConfig()).toMatchObject({ logLevel: 'info', metricsPort: undefined });
    expect(AnalyticsConfig.fromEnv({ LOG_LEVEL: 'DEBUG', METRICS_PORT: '9464' })).toMatchObject({ logLevel: 'debug', metricsPort: 9464 });
    expect(() => AnalyticsConfig.fromEnv({ LOG_LEVEL: 'loud' })).toThrow(/^LOG_LEVEL: .*"loud"/);
  });

  it('treats an empty variable as unset', () => {
    expect(AnalyticsConfig.fromEnv({ DATABASE_URL: '', ANALYTICS_BUFFER_SIZE: '' })).toMatchObject({ databaseUrl: undefined, bufferSize: 1000 });
  });
});
