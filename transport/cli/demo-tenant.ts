// The `demo` tenant of `npm start`: created once, with an `admin` user whose password is printed once (or taken
// from CS_ANALYTICS_ADMIN_PASSWORD).
import type { Services } from '../../adapters/index.ts';

export const DEMO_TENANT = 'demo';
export const DEMO_ADMIN = 'admin';

/** Makes the demo tenant and its admin when missing; returns the password when it was just set, else null. */
export async function ensureDemoTenant(services: Services, adminPassword: string | undefined): Promise<string | null> {
  if (!(await services.tenants.get(DEMO_TENANT))) {
    await services.tenants.create({ tenantId: DEMO_TENANT, name: 'Demo (generated data)', timeZone: 'UTC', humanCostPerSession: 4.5 });
  }
  const existing = (await services.access.usersNamed(DEMO_ADMIN)).find((u) => u.tenantId === DEMO_TENANT);
  if (existing) return null;
  // 128 bits, readable enough to type once.
  const password = adminPassword || randomPassword();
  await services.users.create({ tenantId: DEMO_TENANT, username: DEMO_ADMIN, role: 'admin', password });
  return password;
}

function randomPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Buffer.from(bytes).toString('base64url');
}
