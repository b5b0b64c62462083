// admin.users.*: the tenant admin's users (API and CLI share the use cases).
import { router } from '../trpc.ts';

export const adminUsersRouter = router({});
