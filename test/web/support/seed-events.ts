// The scripted traffic of the browser tests: sessions on three channels today, yesterday and earlier days, agents
// changing status, token usage of a priced and an unpriced model, sent through the real ingest route.
import type { WorkbenchServer } from './workbench-server.ts';

type Ev = { name: string; sessionId?: string; agentId?: string; channel?: string; occurredAt: string; data?: Record<string, unknown> };

const minute = 60_000;

/** One session's events from `start` (ms), `steps` minutes apart. */
function session(id: string, channel: string, start: number, steps: [string, Record<string, unknown>?, string?][]): Ev[] {
  return steps.map(([name, data, agentId], i) => ({
    name,
    sessionId: id,
    ...(name === 'session.start' ? { channel } : {}),
    ...(agentId ? { agentId } : {}),
    occurredAt: new Date(start + i * minute).toISOString(),
    data: data ?? {},
  }));
}

const aiReply = (ms: number, model = 'gpt-test', tokens = 300) => ({ responseTimeMs: ms, model, inputTokens: tokens, outputTokens: tokens / 3 });

/** Ended by the bot, rated `score`. */
const aiResolved = (score: number, ms = 800, model?: string): [string, Record<string, unknown>?, string?][] => [
  ['session.start'],
  ['message.user', { length: 20 }],
  ['message.ai', aiReply(ms, model)],
  ['session.end', { reason: 'resolved' }],
  ['session.rated', { score }],
];
/** Handed to `agent`, answered, ended. */
const agentHandled = (agent: string, score?: number): [string, Record<string, unknown>?, string?][] => [
  ['session.start'],
  ['message.user'],
  ['message.ai', aiReply(1200)],
  ['session.transfer', { reason: 'asked for a human' }],
  ['message.agent', { responseTimeMs: 45_000 }, agent],
  ['session.end', { reason: 'resolved' }],
  ...(score ? ([['session.rated', { score }]] as [string, Record<string, unknown>][]) : []),
];

/** Today's sessions start a few minutes ago, so every one of them is "today" in the tenant's zone (UTC). */
export function todaysEvents(now: number): Ev[] {
  const t = (minutesAgo: number) => now - minutesAgo * minute;
  return [
    ...session('s-today-1', 'web', t(50), aiResolved(5)),
    ...session('s-today-2', 'web', t(48), agentHandled('ana', 4)),
    ...session('s-today-3', 'app', t(46), aiResolved(2, 2600, 'mystery-model')),
    ...session('s-today-4', 'app', t(12), [['session.start'], ['message.user'], ['session.transfer', { toAgentId: 'ben' }]]),
    ...session('s-today-5', 'whatsapp', t(10), [['session.start'], ['message.user'], ['message.ai', aiReply(700)]]),
    ...session('s-today-6', 'whatsapp', t(44), [
      ['session.start'],
      ['message.user'],
      ['message.ai', aiReply(900)],
      ['session.transfer'],
      ['session.end', { reason: 'abandoned' }],
    ]),
    { name: 'agent.login', agentId: 'ana', occurredAt: new Date(t(55)).toISOString(), data: { name: 'Ana' } },
    { name: 'agent.login', agentId: 'ben', occurredAt: new Date(t(54)).toISOString(), data: { name: 'Ben' } },
    { name: 'agent.status_change', agentId: 'ben', occurredAt: new Date(t(20)).toISOString(), data: { status: 'busy' } },
    { name: 'agent.login', agentId: 'cai', occurredAt: new Date(t(30)).toISOString(), data: { name: 'Cai' } },
    { name: 'agent.status_change', agentId: 'cai', occurredAt: new Date(t(25)).toISOString(), data: { status: 'away' } },
  ];
}

/** Earlier days: yesterday (before the same time) and a few days back, for changes and the trend. */
export function earlierEvents(now: number): Ev[] {
  const day = 24 * 60 * minute;
  const t = (daysAgo: number, minutesAgo: number) => now - daysAgo * day - minutesAgo * minute;
  return [
    ...session('s-y-1', 'web', t(1, 70), aiResolved(5)),
    ...session('s-y-2', 'app', t(1, 66), aiResolved(3)),
    ...session('s-y-3', 'web', t(1, 62), agentHandled('ana', 5)),
    ...session('s-3d-1', 'email', t(3, 30), aiResolved(4)),
    ...session('s-3d-2', 'web', t(3, 25), agentHandled('ben', 1)),
    ...session('s-5d-1', 'web', t(5, 40), aiResolved(5)),
    // Enough audited sessions two days back for the audit table to have a second page.
    ...Array.from({ length: 24 }, (_, i) =>
      session(`s-2d-${String(i + 1).padStart(2, '0')}`, i % 2 ? 'web' : 'email', t(2, 200 - i * 5), aiResolved(4)),
    ).flat(),
  ];
}

/** Manual audits (the auto-auditor is a scheduled job): a few with issues, most passing. */
export const audits: { sessionId: string; score: number; issues: { code: string; severity: 'minor' | 'major' | 'critical' }[] }[] = [
  { sessionId: 's-today-1', score: 95, issues: [] },
  { sessionId: 's-today-2', score: 70, issues: [{ code: 'queue_wait', severity: 'major' }] },
  {
    sessionId: 's-today-3',
    score: 40,
    issues: [
      { code: 'satisfaction', severity: 'critical' },
      { code: 'ai_response_speed', severity: 'minor' },
    ],
  },
  { sessionId: 's-today-6', score: 0, issues: [{ code: 'outcome', severity: 'critical' }] },
  { sessionId: 's-y-2', score: 60, issues: [{ code: 'satisfaction', severity: 'major' }] },
  { sessionId: 's-3d-2', score: 20, issues: [{ code: 'satisfaction', severity: 'critical' }] },
  ...Array.from({ length: 24 }, (_, i) => ({ sessionId: `s-2d-${String(i + 1).padStart(2, '0')}`, score: 85 + (i % 10), issues: [] })),
];

export async function sendEvents(server: WorkbenchServer, events: Ev[]): Promise<void> {
  const answer = await server.post<{ accepted: number; rejected: unknown[] }>('ingest/track', { events });
  if (answer.rejected.length) throw new Error(`seed rejected: ${JSON.stringify(answer.rejected)}`);
}

/** Seeds the tenant: a price for `gpt-test` (none for `mystery-model`), then every event. */
export async function seed(server: WorkbenchServer, now = Date.now()): Promise<void> {
  await server.services.ledger.setPrice(server.tenantId, {
    model: 'gpt-test',
    inputPerMillion: '2',
    outputPerMillion: '8',
    currency: 'CNY',
    effectiveFrom: new Date(now - 30 * 24 * 60 * minute).toISOString(),
  });
  await sendEvents(server, [...earlierEvents(now), ...todaysEvents(now)]);
  for (const audit of audits) await server.post('quality/create', audit);
}
