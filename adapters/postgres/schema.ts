// The kysely Database interface: every analytics table, one interface per area (tables/<area>.ts).
import type { EventTables } from './tables/events.ts';

export interface Database extends EventTables {}
