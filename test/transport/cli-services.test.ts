// How a command opens the service: a store that does not answer is named by its setting, its URL's password hidden.
import { afterEach, describe, expect, it } from 'vitest';
import { CliError } from '../../transport/cli/cli-error.ts';
import { servicesFromEnv, withoutPassword } from '../../transport/cli/services-from-env.ts';
import { needServer, testDatabaseUrl } from '../support/databases.ts';

describe('withoutPassword', () => {
  it('hides the password of the user part and of a password parameter, and keeps the rest', () => {
    expect(withoutPassword('postgres://app:s3cret@db.internal:5432/analytics')).toBe('postgres://app:***@db.internal:5432/analytics');
    expect(withoutPassword('postgres://app@db/analytics?password=s3cret&sslmode=require')).toBe(
      'postgres://app@db/analytics?password=***&sslmode=require',
    );
    expect(withoutPassword('redis://:s3cret@127.0.0.1:6379/0')).toBe('redis://:***@127.0.0.1:6379/0');
    expect(withoutPassword('postgres://app@db/analytics')).toBe('postgres://app@db/analytics');
  });
});

// The database answers (not migrated here: nothing is written), Redis does not.
describe.skipIf(!(await needServer('postgres')))('servicesFromEnv', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('names REDIS_URL, password hidden, when Redis does not answer', async () => {
    process.env = { ...saved, DATABASE_URL: testDatabaseUrl, REDIS_URL: 'redis://:s3cret@127.0.0.1:1/0' };
    const err = await servicesFromEnv({ migrate: false }).then(
      async (s) => {
        await s.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).message).toMatch(/^cannot reach Redis at REDIS_URL=redis:\/\/:\*\*\*@127\.0\.0\.1:1\/0: \S/);
    expect((err as CliError).message).not.toContain('s3cret');
    expect((err as CliError).exitCode).toBe(1);
  }, 30_000);
});
