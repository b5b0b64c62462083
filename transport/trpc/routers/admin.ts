// admin.*: what a tenant's admin manages: API keys, users, the tenant's settings and plans, alert subscriptions.
// Every procedure here needs the admin scope (keys) or the admin role (users).
import { router } from '../trpc.ts';
import { adminAlertsRouter } from './admin-alerts.ts';
import { adminKeysRouter } from './admin-keys.ts';
import { adminTenantsRouter } from './admin-tenants.ts';
import { adminUsersRouter } from './admin-users.ts';

export const adminRouter = router({
  keys: adminKeysRouter,
  users: adminUsersRouter,
  tenants: adminTenantsRouter,
  alerts: adminAlertsRouter,
});
