// Rate limits count the procedure that runs: every spelling of auth.signIn and ingest.track (escaped, dot segments,
// batched) counts, each call of a batch counts, and a batch past the cap is refused before anything runs.
// Over real HTTP on PostgreSQL and Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needServer } from '../../support/databases.ts';
import { startHarness, type Harness } from '../harness.ts';
import { freshAddresses, send, spellings, type LimitedProcedure, type Spelling } from './raw-requests.ts';

const up = (await needServer('postgres')) && (await needServer('redis'));

const LIMIT = 4;
const CAP = 50;

describe.skipIf(!up)('rate limits by the procedure that runs', () => {
  let h: Harness;
  const nextAddress = freshAddresses();
  let n = 0;

  beforeAll(async () => {
    h = await startHarness(
      // Per-username lockout out of the way: these tests are about counting calls.
      { rateLimits: { signInPerMinute: LIMIT, ingestPerMinute: LIMIT, maxBatchSize: CAP, signInFailuresBeforeLockout: 10_000 } },
      { servers: true },
    );
  });
  afterAll(() => h?.close());

  /** A client of its own: a fresh address, and for ingest a fresh key (ingest counts per credential). */
  async function aClient(procedure: LimitedProcedure) {
    const from = nextAddress();
    const key = procedure === 'ingest.track' ? (await h.services.keys.issue({ tenantId: 'tenant-a', scopes: ['ingest'] })).key : undefined;
    const input = () =>
      procedure === 'auth.signIn'
        ? { username: `nobody-${++n}`, password: 'guess guess' }
        : { events: [{ name: 'session.start', sessionId: `s-${++n}`, channel: 'web' }] };
    const call = (spelling: Spelling) =>
      send(h.url, spelling.path(procedure), spelling.body(Array.from({ length: spelling.calls }, input)), { from, ...(key ? { key } : {}) });
    return { from, key, input, call };
  }

  const literal = spellings[0]!;
  const cases = (['auth.signIn', 'ingest.track'] as const).flatMap((procedure) => spellings.map((s) => [procedure, s.name, s] as const));

  it.each(cases)('counts %s sent as %s', async (procedure, _name, spelling) => {
    const client = await aClient(procedure);
    const answered: number[] = [];
    while (answered.length < LIMIT) answered.push(...(await client.call(spelling)).calls);
    // A batch larger than the budget runs its first calls and refuses the rest.
    expect(answered.filter((s) => s !== 429)).toHaveLength(LIMIT);
    const after = await client.call(literal);
    expect(after.status).toBe(429);
  });

  it.each(cases)('refuses %s sent as %s once the limit is spent', async (procedure, _name, spelling) => {
    const client = await aClient(procedure);
    for (let i = 0; i < LIMIT; i++) expect((await client.call(literal)).status).not.toBe(429);
    const refused = await client.call(spelling);
    expect(refused.calls).toEqual(Array(spelling.calls).fill(429));
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts a batch of 50 sign-ins as 50 calls', async () => {
    const client = await aClient('auth.signIn');
    const fifty: Spelling = { ...spellings[1]!, calls: CAP, path: (p) => `/trpc/${Array(CAP).fill(p).join(',')}?batch=1` };
    const answer = await client.call(fifty);
    expect(answer.calls.filter((s) => s === 401)).toHaveLength(LIMIT);
    expect(answer.calls.filter((s) => s === 429)).toHaveLength(CAP - LIMIT);
    expect((await client.call(literal)).status).toBe(429);
  });

  it.each(['auth.signIn', 'ingest.track'] as const)('refuses a batch of %s over the cap before any call runs', async (procedure) => {
    const client = await aClient(procedure);
    const tooMany: Spelling = {
      ...spellings[1]!,
      calls: CAP + 1,
      path: (p) =>
        `/trpc/${Array(CAP + 1)
          .fill(p)
          .join(',')}?batch=1`,
    };
    const refused = await client.call(tooMany);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain(`at most ${CAP} calls`);
    // Nothing ran: the client's whole budget is still there.
    for (let i = 0; i < LIMIT; i++) expect((await client.call(literal)).status).not.toBe(429);
  });

  it('answers 429 on plain JSON in the contract shape, with Retry-After', async () => {
    const client = await aClient('auth.signIn');
    const plainJson = spellings.find((s) => s.name === 'plain JSON')!;
    for (let i = 0; i < LIMIT; i++) await client.call(plainJson);
    const refused = await client.call(plainJson);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: { code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/sign-in/) } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('counts ingest per credential: another key of the tenant still has its budget', async () => {
    const spent = await aClient('ingest.track');
    for (let i = 0; i < LIMIT; i++) await spent.call(literal);
    expect((await spent.call(literal)).status).toBe(429);
    const other = await aClient('ingest.track');
    expect((await send(h.url, '/trpc/ingest.track', other.input(), { from: spent.from, key: other.key! })).status).toBe(200);
  });
});
