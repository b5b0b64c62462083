// AutoAuditor: scores every ended session once on the scorecard (idempotent: one auto audit per session), for the
// `auto-audit` job. Sessions are audited after a settling time, so a rating sent just after the end still counts;
// the work list is the sessions whose end was stored since a given time, so a session sent late is audited too.
import type { Clock, IdSource } from '../clock.ts';
import type { EventStore } from '../events/event-store.ts';
import type { SessionFacts } from '../sessions/session-facts.ts';
import type { AuditStore } from './audit-store.ts';
import type { EndedCursor, EndedSessions } from './ended-sessions.ts';
import { PASS_THRESHOLD, type QualityAuditRecord } from './models.ts';
import { newAudit } from './new-audit.ts';
import { defaultScorecard, scoreSession, type ScorecardCategory } from './scorecard.ts';

export interface AutoAuditorPorts {
  readonly audits: AuditStore;
  readonly ended: EndedSessions;
  readonly events: Pick<EventStore, 'sessionEvents'>;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly scorecard?: readonly ScorecardCategory[];
  /** How long after its end a session is left alone before it is audited (default 10 minutes). */
  readonly settleMs?: number;
}

const PAGE = 200;

export class AutoAuditor {
  readonly #p: AutoAuditorPorts;
  readonly #card: readonly ScorecardCategory[];
  readonly #settleMs: number;

  constructor(ports: AutoAuditorPorts) {
    this.#p = ports;
    this.#card = ports.scorecard ?? defaultScorecard;
    this.#settleMs = ports.settleMs ?? 10 * 60_000;
  }

  /** The auto audit of one ended session, stored; null when it has not ended or already has an auto audit. */
  async auditSession(tenantId: string, facts: SessionFacts): Promise<QualityAuditRecord | null> {
    if (facts.endedAt === null) return null;
    const events = await this.#p.events.sessionEvents(tenantId, facts.sessionId);
    const { score, issues, criticalFailed } = scoreSession({ facts, events }, this.#card);
    const status = criticalFailed || score < PASS_THRESHOLD ? 'awaiting_review' : 'scored';
    const audit = newAudit(facts, facts.endedAt, { source: 'auto', score, issues, status }, this.#p);
    return (await this.#p.audits.insert(tenantId, audit)) ? audit : null;
  }

  /**
   * Audits the sessions whose end was stored from `storedSince` on (ended from `endedFrom`, default the same instant,
   * up to the settling time before now) and have no auto audit yet, whenever they ended. Safe to run as often as
   * wanted, over overlapping windows.
   */
  async autoAuditEndedSessions(tenantId: string, storedSince: Date, endedFrom: Date = storedSince): Promise<{ audited: number; skipped: number }> {
    const endedBefore = new Date(this.#p.clock.now().getTime() - this.#settleMs);
    if (endedFrom >= endedBefore) return { audited: 0, skipped: 0 };
    const window = { storedSince, endedFrom, endedBefore };
    let after: EndedCursor | undefined;
    let audited = 0;
    let skipped = 0;
    for (;;) {
      const page = await this.#p.ended.endStoredSince(tenantId, window, PAGE, after);
      const done = await this.#p.audits.autoAudited(
        tenantId,
        page.sessions.map((s) => s.sessionId),
      );
      for (const facts of page.sessions) {
        if (done.has(facts.sessionId) || !(await this.auditSession(tenantId, facts))) skipped++;
        else audited++;
      }
      if (!page.next) break;
      after = page.next;
    }
    return { audited, skipped };
  }
}
