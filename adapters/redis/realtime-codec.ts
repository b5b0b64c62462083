// JSON encoding of session facts and agent states for Redis: dates travel as ISO strings and come back as Dates.
import type { AgentState } from '../../domain/realtime/agent-state.ts';
import type { SessionFacts } from '../../domain/sessions/session-facts.ts';

/** The SessionFacts fields holding a Date; the mapped type makes a new date field a compile error until listed. */
type DateField = { [K in keyof SessionFacts]: Date extends SessionFacts[K] ? K : never }[keyof SessionFacts];
const DATE_FIELDS: Record<DateField, true> = {
  startedAt: true,
  endedAt: true,
  firstEventAt: true,
  lastEventAt: true,
  firstTransferAt: true,
  lastTransferAt: true,
  firstAgentReplyAt: true,
  lastAgentReplyAt: true,
  ratedAt: true,
};
const dateFields = Object.keys(DATE_FIELDS) as DateField[];

/** JSON of the facts (Dates as ISO strings, via Date#toJSON). */
export function encodeSession(s: SessionFacts): string {
  return JSON.stringify(s);
}

export function decodeSession(json: string): SessionFacts {
  const raw = JSON.parse(json) as Record<string, unknown>;
  for (const f of dateFields) if (typeof raw[f] === 'string') raw[f] = new Date(raw[f] as string);
  return raw as unknown as SessionFacts;
}

export function encodeAgent(a: AgentState): string {
  return JSON.stringify(a);
}

export function decodeAgent(json: string): AgentState {
  const raw = JSON.parse(json) as AgentState & { since: string };
  return { ...raw, since: new Date(raw.since) };
}
