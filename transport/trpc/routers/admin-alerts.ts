// admin.alerts.*: the tenant admin's alerts (API and CLI share the use cases).
import { router } from '../trpc.ts';

export const adminAlertsRouter = router({});
