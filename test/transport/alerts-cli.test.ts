// `cs-analytics alerts …` spawned as an operator runs it, on an embedded database in a temp folder, posting to a
// local receiver: the secret printed once, thresholds set by option, a signed test send, the delivery log.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validSignature, webhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const bin = fileURLToPath(new URL('../../bin/cs-analytics-source.js', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'cs-analytics-alerts-cli-'));
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await webhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function run(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
    const child = spawn(process.execPath, [bin, ...args], { env: { ...inherited, ANALYTICS_DATA_DIR: path.join(dataDir, 'pglite') } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('cs-analytics alerts', () => {
  it('subscribes, sets thresholds, sends a signed test, lists deliveries and unsubscribes', async () => {
    // Bad values are refused by option before the database is opened.
    const bad = await run('alerts', 'subscribe', '--tenant', 'acme', '--url', 'ftp://nowhere');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/^cs-analytics: --url: /);
    expect((await run('tenants', 'create', '--tenant', 'acme')).code).toBe(0);

    const sub = await run('alerts', 'subscribe', '--tenant', 'acme', '--url', receiver.url, '--kinds', 'quota,csat_low');
    expect(sub.code).toBe(0);
    const secret = sub.stdout.trimEnd().split('\n').at(-1)!;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const id = /subscribed (\S+)/.exec(sub.stdout)![1]!;

    const set = await run('alerts', 'set', '--tenant', 'acme', '--queue-wait-seconds', '90', '--csat-min-ratings', '5');
    expect(set).toMatchObject({ code: 0, stdout: 'queue wait > 90 s; CSAT < 80 % after 5 ratings; quota at 80, 95, 100 %\n' });
    const test = await run('alerts', 'test', '--tenant', 'acme', '--id', id);
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/ test {2}delivered after 1 attempt\(s\) \[#1 200\]/);
    expect(receiver.received).toHaveLength(1);
    expect(validSignature(receiver.received[0]!, secret)).toBe(true);

    const deliveries = await run('alerts', 'list-deliveries', '--tenant', 'acme', '--json');
    expect(JSON.parse(deliveries.stdout)).toMatchObject([{ kind: 'test', status: 'delivered', attempts: 1, attemptLog: [{ status: 200 }] }]);

    const list = await run('alerts', 'unsubscribe', '--tenant', 'acme', '--id', id);
    expect(list).toMatchObject({ code: 0, stdout: `removed subscription ${id} of tenant acme\n` });
  }, 400_000);
});
