// AutoAuditor: scores every ended session once on the scorecard (idempotent: one auto audit per session), for the
// `auto-audit` job. Sessions are audited after a settling time, so a rating sent just after the end still counts.
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
   * Audits the sessions that ended from `since` up to the settling time before now and have no auto audit yet.
   * Safe to run as often as wanted, over overlapping windows.
   */
  async autoAuditEndedSessions(tenantId: string, since: Date): Promise<{ audited: number; skipped: number }> {
    const until = new Date(this.#p.clock.now().getTime() - this.#settleMs);
    if (since >= until) return { audited: 0, skipped: 0 };
    let after: EndedCursor | undefined;
    let audited = 0;
    let skipped = 0;
    for (;;) {
      const page = await this.#p.ended.endedBetween(tenantId, { from: since, to: until }, PAGE, after);
      if (page.length === 0) break;
      const done = await this.#p.audits.autoAudited(
        tenantId,
        page.map((s) => s.sessionId),
      );
      for (const facts of page) {
        if (done.has(facts.sessionId) || !(await this.auditSession(tenantId, facts))) skipped++;
        else audited++;
      }
      if (page.length < PAGE) break;
      const last = page[page.length - 1]!;
      after = { endedAt: last.endedAt!, sessionId: last.sessionId };
    }
    return { audited, skipped };
  }
}
