// The `demo` tenant of `npm start` and `cs-analytics demo`: created once, with an `admin` user whose password is
// printed once (or taken from CS_ANALYTICS_ADMIN_PASSWORD), and an API key for curl and scripts, also printed once.
import type { Services } from '../../../adapters/index.ts';

export const DEMO_TENANT = 'demo';
export const DEMO_ADMIN = 'admin';

export interface DemoCredentials {
  /** Whether the tenant was made now (else it was there already). */
  readonly created: boolean;
  /** The admin's password when the admin was just created, else null. */
  readonly password: string | null;
  /** A read+ingest API key when the tenant was just created, else null. */
  readonly key: string | null;
}

/** Makes the demo tenant, its admin and a key when missing; says which secrets are new (shown once). */
export async function ensureDemoTenant(services: Services, adminPassword: string | undefined): Promise<DemoCredentials> {
  let key: string | null = null;
  const created = !(await services.tenants.get(DEMO_TENANT));
  if (created) {
    await services.tenants.create({ tenantId: DEMO_TENANT, name: 'Demo (generated data)', timeZone: 'UTC', humanCostPerSession: 4.5 });
    key = (await services.keys.issue({ tenantId: DEMO_TENANT, scopes: ['read', 'ingest'], name: 'demo' })).key;
  }
  const existing = (await services.access.usersNamed(DEMO_ADMIN)).find((u) => u.tenantId === DEMO_TENANT);
  if (existing) return { created, password: null, key };
  const password = adminPassword || randomPassword();
  await services.users.create({ tenantId: DEMO_TENANT, username: DEMO_ADMIN, role: 'admin', password });
  return { created, password, key };
}

/**
 * Makes the demo tenant when missing and prints, on stdout for the person at the terminal, what it made: the tenant,
 * how to sign in as its admin (the password when new, shown this once) and the new API key (shown this once).
 */
export async function announceDemoTenant(services: Services): Promise<void> {
  const fromEnv = process.env.CS_ANALYTICS_ADMIN_PASSWORD;
  const { created, password, key } = await ensureDemoTenant(services, fromEnv);
  const how =
    password === null
      ? '(password shown when it was created)'
      : fromEnv
        ? 'with CS_ANALYTICS_ADMIN_PASSWORD'
        : `with password ${password}  (shown once)`;
  console.log(`demo tenant "${DEMO_TENANT}": ${created ? 'created' : 'already there'}`);
  console.log(`demo tenant "${DEMO_TENANT}": sign in to the workbench as ${DEMO_ADMIN} ${how}`);
  if (key) console.log(`demo tenant "${DEMO_TENANT}": API key (read, ingest), shown once: ${key}`);
}

/** 128 random bits, readable enough to type once. */
function randomPassword(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url');
}
