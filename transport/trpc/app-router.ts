// The appRouter: one router per area, composed. The web imports only `type AppRouter` from here.
import { adminRouter } from './routers/admin.ts';
import { authRouter } from './routers/auth.ts';
import { billingRouter } from './routers/billing.ts';
import { ingestRouter } from './routers/ingest.ts';
import { qualityRouter } from './routers/quality.ts';
import { realtimeRouter } from './routers/realtime.ts';
import { sessionsRouter } from './routers/sessions.ts';
import { statsRouter } from './routers/stats.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  ingest: ingestRouter,
  realtime: realtimeRouter,
  stats: statsRouter,
  quality: qualityRouter,
  billing: billingRouter,
  sessions: sessionsRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
