// The appRouter: one router per area, composed. The web imports only `type AppRouter` from here.
import { authRouter } from './routers/auth.ts';
import { ingestRouter } from './routers/ingest.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  ingest: ingestRouter,
});

export type AppRouter = typeof appRouter;
