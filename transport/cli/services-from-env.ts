// Opens the service for a command: configuration from the environment, then the composition root (migrated). A store
// that does not answer is named by its setting, its URL shown with the password hidden.
import { createServices, StoreUnreachableError, type ServiceOptions, type Services } from '../../adapters/index.ts';
import { AnalyticsConfig } from '../../domain/config.ts';
import { CliError, reasonOf } from './cli-error.ts';

/** Reads the environment (a bad value throws a ConfigError naming the variable) and builds the services. */
export async function servicesFromEnv(options: ServiceOptions = {}): Promise<Services> {
  const config = AnalyticsConfig.fromEnv(process.env);
  try {
    return await createServices(config, options);
  } catch (err) {
    if (!(err instanceof StoreUnreachableError)) throw err;
    const what = err.setting === 'DATABASE_URL' ? 'the database' : 'Redis';
    const url = err.setting === 'DATABASE_URL' ? config.databaseUrl : config.redisUrl;
    throw new CliError(`cannot reach ${what} at ${err.setting}=${withoutPassword(url ?? '')}: ${reasonOf(err.cause)}`);
  }
}

/** Runs `work` with the services and always closes them. */
export async function withServices<T>(work: (services: Services) => Promise<T>, options: ServiceOptions = {}): Promise<T> {
  const services = await servicesFromEnv(options);
  try {
    return await work(services);
  } finally {
    await services.close();
  }
}

/** The URL with its password (in the user part or a `password` parameter) replaced by `***`. */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    if (u.searchParams.has('password')) u.searchParams.set('password', '***');
    return u.toString();
  } catch {
    return '(not a URL)';
  }
}
