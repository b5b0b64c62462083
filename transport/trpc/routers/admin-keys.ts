// admin.keys.*: the tenant admin's keys (API and CLI share the use cases).
import { router } from '../trpc.ts';

export const adminKeysRouter = router({});
