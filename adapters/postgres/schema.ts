// The kysely Database interface: every analytics table, one interface per capability (<capability>/tables.ts).
import type { AccessTables } from './access/tables.ts';
import type { AlertTables } from './alerts/tables.ts';
import type { BillingTables } from './billing/tables.ts';
import type { EventTables } from './events/tables.ts';
import type { JobTables } from './jobs/tables.ts';
import type { QualityTables } from './quality/tables.ts';
import type { StatsTables } from './stats/tables.ts';
import type { TenantTables } from './tenants/tables.ts';

export interface Database extends TenantTables, EventTables, AccessTables, QualityTables, BillingTables, StatsTables, JobTables, AlertTables {}
