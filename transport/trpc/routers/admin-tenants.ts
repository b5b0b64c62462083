// admin.tenants.*: the tenant admin's tenants (API and CLI share the use cases).
import { router } from '../trpc.ts';

export const adminTenantsRouter = router({});
