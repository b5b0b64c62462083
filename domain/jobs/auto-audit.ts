// Job `auto-audit`: scores the sessions whose end was stored since the last successful run (with some overlap), in
// every tenant on record or active then, whenever they ended within retention: a session sent 25 minutes after its
// end is audited by the next run. The first run looks back over the whole retention period.
import type { Clock, IdSource } from '../clock.ts';
import type { EventStore } from '../events/event-store.ts';
import type { AuditStore } from '../quality/audit-store.ts';
import { AutoAuditor } from '../quality/auto-auditor.ts';
import type { EndedSessions } from '../quality/ended-sessions.ts';
import type { Job, JobSummary } from './job.ts';
import { sweepTenants, type TenantSweepPorts } from './tenant-sweep.ts';

const DAY_MS = 86_400_000;
/** A session is audited once it has been ended this long (the AutoAuditor's settling time)... */
const AUDIT_SETTLE_MS = 10 * 60_000;
/**
 * ...and each run looks back to where the last successful one started, less the settling time (an end stored then
 * may not have settled yet) and this much overlap (a write stamped before that run began may have committed after).
 */
const AUDIT_OVERLAP_MS = 10 * 60_000;

export interface AutoAuditPorts extends TenantSweepPorts {
  readonly audits: AuditStore;
  readonly ended: EndedSessions;
  readonly events: Pick<EventStore, 'sessionEvents'>;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly retentionDays: number;
}

export class AutoAudit implements Job {
  readonly name = 'auto-audit';
  readonly #p: AutoAuditPorts;
  readonly #auditor: AutoAuditor;

  constructor(ports: AutoAuditPorts) {
    this.#p = ports;
    this.#auditor = new AutoAuditor({ ...ports, settleMs: AUDIT_SETTLE_MS });
  }

  /** Reports the tenants visited, where the window (of store times) started, the sessions audited and those skipped. */
  async run(now: Date, lastSuccessAt: Date | null): Promise<JobSummary> {
    const retained = new Date(now.getTime() - this.#p.retentionDays * DAY_MS);
    const since = lastSuccessAt
      ? new Date(lastSuccessAt.getTime() - AUDIT_SETTLE_MS - AUDIT_OVERLAP_MS)
      : // The first run scores every ended session still within retention, not just the last day's.
        retained;
    const tenants = await sweepTenants(this.#p, new Date(since.getTime() - DAY_MS));
    let audited = 0;
    let skipped = 0;
    for (const tenantId of tenants) {
      const r = await this.#auditor.autoAuditEndedSessions(tenantId, since, retained);
      audited += r.audited;
      skipped += r.skipped;
    }
    return { tenants: tenants.length, since: since.toISOString(), audited, skipped };
  }
}
