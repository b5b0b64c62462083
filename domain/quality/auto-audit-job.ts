// The `auto-audit` job: audits, for every tenant, the sessions that ended since the last successful run (with a day of
// overlap for late `session.end` events; the first run looks back over the retention period). Idempotent.
import type { Job, JobSummary } from '../jobs/job.ts';
import type { AutoAuditor } from './auto-auditor.ts';

const DAY_MS = 86_400_000;

export class AutoAuditJob implements Job {
  readonly name = 'auto-audit' as const;
  readonly #auditor: AutoAuditor;
  readonly #tenantIds: () => Promise<readonly string[]>;
  readonly #firstLookbackDays: number;

  constructor(deps: { auditor: AutoAuditor; tenantIds: () => Promise<readonly string[]>; firstLookbackDays?: number }) {
    this.#auditor = deps.auditor;
    this.#tenantIds = deps.tenantIds;
    this.#firstLookbackDays = deps.firstLookbackDays ?? 90;
  }

  async run(now: Date, lastSuccessAt: Date | null): Promise<JobSummary> {
    const since = new Date((lastSuccessAt ?? new Date(now.getTime() - this.#firstLookbackDays * DAY_MS)).getTime() - (lastSuccessAt ? DAY_MS : 0));
    let audited = 0;
    let skipped = 0;
    const tenants = await this.#tenantIds();
    for (const tenantId of tenants) {
      const r = await this.#auditor.autoAuditEndedSessions(tenantId, since);
      audited += r.audited;
      skipped += r.skipped;
    }
    return { tenants: tenants.length, audited, skipped, since: since.toISOString() };
  }
}
