// Opens the service for a command: configuration from the environment, then the composition root (migrated).
import { createServices, type ServiceOptions, type Services } from '../../adapters/index.ts';
import { AnalyticsConfig } from '../../domain/config.ts';

/** Reads the environment (a bad value throws a ConfigError naming the variable) and builds the services. */
export function servicesFromEnv(options: ServiceOptions = {}): Promise<Services> {
  return createServices(AnalyticsConfig.fromEnv(process.env), options);
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
