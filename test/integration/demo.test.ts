// The demo simulator: a seed replays the same history, a backfilled day looks like a real one (every channel,
// transfers, ratings, failed look-ups, agents, Coze usage), replaying it stores nothing twice, and live traffic flows;
// `serve` shows the demo tenant's secrets once on the terminal and never in its log stream.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../adapters/memory/events/memory-event-store.ts';
import { FixedClock } from '../../domain/clock.ts';
import type { AnalyticsEvent } from '../../domain/events/envelope.ts';
import { addDays } from '../../domain/local-day.ts';
import { systemClock } from '../../adapters/system/system-clock.ts';
import { demoChannels, planDay } from '../../transport/cli/demo/demo-plan.ts';
import { runDemo } from '../../transport/cli/demo/run-demo.ts';

const NOW = '2026-03-10T15:30:00.000Z';
const TODAY = '2026-03-10';

async function backfilled(seed: number, days = 2, events = new MemoryEventStore()) {
  const report = await runDemo({ ports: { events, clock: new FixedClock(NOW) }, seed, backfillDays: days });
  return { events, report, all: events.allEvents('demo').sort((a, b) => a.id.localeCompare(b.id)) };
}

const onDay = (all: AnalyticsEvent[], day: string) => all.filter((e) => e.occurredAt.toISOString().startsWith(day));

describe('the demo plan', () => {
  it('is the same for the same seed and day, and differs for another seed', () => {
    const a = planDay({ seed: 42, day: TODAY, zone: 'UTC' });
    expect(planDay({ seed: 42, day: TODAY, zone: 'UTC' })).toEqual(a);
    expect(planDay({ seed: 43, day: TODAY, zone: 'UTC' })).not.toEqual(a);
  });
});

describe('runDemo backfill', () => {
  it('writes the same events for the same seed', async () => {
    const first = await backfilled(7);
    const second = await backfilled(7);
    expect(first.all.length).toBeGreaterThan(1000);
    expect(second.all).toEqual(first.all);
  });

  it('gives a backfilled day sessions on every channel, transfers, ratings, failed look-ups, agents and Coze usage', async () => {
    const { all, report } = await backfilled(3);
    const day = onDay(all, addDays(TODAY, -1));
    const names = (n: string) => day.filter((e) => e.name === n);
    const starts = names('session.start');
    expect(starts.length).toBeGreaterThan(150);
    expect(starts.length).toBeLessThan(400);
    expect(new Set(starts.map((e) => e.channel))).toEqual(new Set(demoChannels));
    expect(names('session.transfer').length).toBeGreaterThan(10);
    expect(names('message.agent').length).toBeGreaterThan(10);
    expect(names('session.rated').length).toBeGreaterThan(10);
    expect(names('order.query').some((e) => e.data.found === false)).toBe(true);
    expect(names('tracking.query').some((e) => e.data.found === false)).toBe(true);
    expect(new Set(names('agent.login').map((e) => e.agentId)).size).toBe(8);
    for (const status of ['online', 'busy', 'away', 'offline']) {
      expect(
        names('agent.status_change').some((e) => e.data.status === status),
        status,
      ).toBe(true);
    }
    expect(names('llm.usage').length).toBe(names('message.ai').length);
    expect(names('llm.usage')[0]!.data).toMatchObject({ usageId: expect.stringMatching(/^coze:7\d{18}$/), botId: expect.any(String) });
    expect(new Set(day.map((e) => e.product))).toEqual(new Set(['ai_chatbot', 'agent_workbench']));
    expect(report.chatbot.invalid + report.workbench.invalid).toBe(0);
  });

  it('writes nothing after now, and nothing twice when replayed', async () => {
    const { events, all } = await backfilled(5, 1);
    expect(all.every((e) => e.occurredAt.getTime() <= Date.parse(NOW))).toBe(true);
    expect(onDay(all, TODAY).length).toBeGreaterThan(0);
    const again = await runDemo({ ports: { events, clock: new FixedClock(NOW) }, seed: 5, backfillDays: 1 });
    expect(again.chatbot.written + again.workbench.written).toBe(0);
    expect(again.chatbot.duplicates + again.workbench.duplicates).toBe(all.length);
  });

  it('refuses a backfill beyond the retention period, naming the option', async () => {
    const ports = { events: new MemoryEventStore(), clock: new FixedClock(NOW) };
    await expect(runDemo({ ports, backfillDays: 90 })).rejects.toThrow(/backfillDays/);
  });
});

describe('runDemo live', () => {
  it('keeps generating conversations, with Coze usage through the wrapper, until aborted', async () => {
    const events = new MemoryEventStore();
    const signal = AbortSignal.timeout(2500);
    const report = await runDemo({ ports: { events, clock: systemClock }, seed: 9, live: true, speed: 50, liveSessionsPerMinute: 60, signal });
    expect(report.live!.sessions).toBeGreaterThan(3);
    const all = events.allEvents('demo');
    expect(all.filter((e) => e.name === 'session.start').length).toBeGreaterThan(3);
    expect(report.live!.coze.usageRecorded).toBeGreaterThan(0);
    expect(all.filter((e) => e.name === 'llm.usage').length).toBe(report.live!.coze.usageRecorded);
    expect(report.chatbot.queued + report.workbench.queued).toBe(0);
  });
});

describe('serve with the demo tenant', () => {
  const bin = fileURLToPath(new URL('../../bin/cs-analytics-source.js', import.meta.url));
  const occurrences = (text: string, part: string) => text.split(part).length - 1;
  const isRecord = (line: string) => {
    try {
      const r = JSON.parse(line) as { level?: unknown; time?: unknown };
      return typeof r.level === 'number' && typeof r.time === 'number';
    } catch {
      return false;
    }
  };

  it('shows the admin password and the API key once on stdout, and never in the log stream (stderr, records only)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cs-analytics-demo-'));
    const { DATABASE_URL: _db, REDIS_URL: _redis, CS_ANALYTICS_ADMIN_PASSWORD: _pw, ...inherited } = process.env;
    const child = spawn(process.execPath, [bin, 'serve', '--no-demo'], {
      env: { ...inherited, ANALYTICS_DATA_DIR: path.join(dataDir, 'pglite'), PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c) => {
          stdout += c;
          const m = /serving on (http:\/\/\S+)/.exec(stdout);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${stdout}${stderr}`)));
      });
      const password = /as admin with password (\S+)/.exec(stdout)?.[1];
      const key = /(csa_[A-Za-z0-9_-]+)/.exec(stdout)?.[1];
      expect(password).toBeDefined();
      expect(key).toBeDefined();
      // Both work, and the requests that use them are logged.
      const signIn = await fetch(`${url}/api/analytics/auth/signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(signIn.status).toBe(200);
      expect((await fetch(`${url}/api/analytics/auth/me`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
      child.kill('SIGTERM');
      expect((await once(child, 'exit'))[0]).toBe(0);

      expect(occurrences(stdout, password!)).toBe(1);
      expect(occurrences(stdout, key!)).toBe(1);
      expect(stdout.split('\n').filter(isRecord)).toEqual([]);
      const log = stderr.split('\n').filter((line) => line !== '');
      expect(log.length).toBeGreaterThan(3);
      expect(log.filter((line) => !isRecord(line))).toEqual([]);
      expect(occurrences(stderr, password!) + occurrences(stderr, key!)).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
