// The `demo` tenant of `npm start`: created once, with an `admin` user whose password is printed once (or taken
// from CS_ANALYTICS_ADMIN_PASSWORD), and an API key for curl and scripts, also printed once.
import type { Services } from '../../../adapters/index.ts';

export const DEMO_TENANT = 'demo';
export const DEMO_ADMIN = 'admin';

export interface DemoCredentials {
  /** The admin's password when the admin was just created, else null. */
  readonly password: string | null;
  /** A read+ingest API key when the tenant was just created, else null. */
  readonly key: string | null;
}

/** Makes the demo tenant, its admin and a key when missing; says which secrets are new (shown once). */
export async function ensureDemoTenant(services: Services, adminPassword: string | undefined): Promise<DemoCredentials> {
  let key: string | null = null;
  if (!(await services.tenants.get(DEMO_TENANT))) {
    await services.tenants.create({ tenantId: DEMO_TENANT, name: 'Demo (generated data)', timeZone: 'UTC', humanCostPerSession: 4.5 });
    key = (await services.keys.issue({ tenantId: DEMO_TENANT, scopes: ['read', 'ingest'], name: 'demo' })).key;
  }
  const existing = (await services.access.usersNamed(DEMO_ADMIN)).find((u) => u.tenantId === DEMO_TENANT);
  if (existing) return { password: null, key };
  const password = adminPassword || randomPassword();
  await services.users.create({ tenantId: DEMO_TENANT, username: DEMO_ADMIN, role: 'admin', password });
  return { password, key };
}

/** 128 random bits, readable enough to type once. */
function randomPassword(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url');
}
