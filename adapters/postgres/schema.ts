// The kysely Database interface: every analytics table, one interface per area (tables/<area>.ts).
import type { AccessTables } from './tables/access.ts';
import type { BillingTables } from './tables/billing.ts';
import type { EventTables } from './tables/events.ts';
import type { JobTables } from './tables/jobs.ts';
import type { QualityTables } from './tables/quality.ts';
import type { StatsTables } from './tables/stats.ts';

export interface Database extends EventTables, AccessTables, QualityTables, BillingTables, StatsTables, JobTables {}
