// Tenants and plans as operators and admins change them (memory stores): every field checked and refused by name,
// a tenant put on a plan only when it exists, a plan deleted only when no tenant is on it.
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryPlanStore } from '../../../adapters/memory/billing/memory-plan-store.ts';
import { MemoryPriceStore } from '../../../adapters/memory/billing/memory-price-store.ts';
import { MemoryTenantStore } from '../../../adapters/memory/tenants/memory-tenant-store.ts';
import { MemoryUsageStore } from '../../../adapters/memory/billing/memory-usage-store.ts';
import { MemoryEventStore } from '../../../adapters/memory/events/memory-event-store.ts';
import { BillingLedger } from '../../../domain/billing/billing-ledger.ts';
import { FixedClock } from '../../../domain/clock.ts';
import { DomainError } from '../../../domain/errors.ts';
import { Tenants } from '../../../domain/tenants/tenants.ts';

let tenants: Tenants;
let ledger: BillingLedger;

beforeEach(async () => {
  const store = new MemoryTenantStore();
  const plans = new MemoryPlanStore();
  const prices = new MemoryPriceStore();
  tenants = new Tenants({ store, plans });
  ledger = new BillingLedger({
    usage: new MemoryUsageStore({ prices, sessions: new MemoryEventStore() }),
    prices,
    plans,
    tenants: store,
    clock: new FixedClock('2026-12-02T12:00:00Z'),
  });
  await ledger.definePlan({ id: 'starter', name: 'Starter', monthlyTokenAllowance: 1_000_000 });
  await ledger.definePlan({ id: 'growth', name: 'Growth', monthlyTokenAllowance: 5_000_000 });
});

/** The DomainError `work` throws: its code, field and message. */
async function refusal(work: Promise<unknown>): Promise<{ code: string; field: string | undefined; message: string }> {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  const { code, field, message } = err as DomainError;
  return { code, field, message };
}

describe('Tenants.create', () => {
  it('puts a new tenant on an existing plan, with an ISO 4217 currency (any case) and an IANA zone', async () => {
    const t = await tenants.create({ tenantId: 'acme', planId: 'growth', currency: 'eur', timeZone: 'Asia/Shanghai' });
    expect(t).toEqual({ tenantId: 'acme', name: 'acme', timeZone: 'Asia/Shanghai', humanCostPerSession: 0, currency: 'EUR', planId: 'growth' });
    expect(await tenants.get('acme')).toEqual(t);
  });

  it('refuses an unknown plan by name, listing the plans there are, and stores nothing', async () => {
    expect(await refusal(tenants.create({ tenantId: 'acme', planId: 'pro' }))).toEqual({
      code: 'INVALID',
      field: 'planId',
      message: 'planId: no plan "pro" (plans: growth, starter)',
    });
    expect(await tenants.list()).toEqual([]);
  });

  it('refuses a currency that is not ISO 4217 and a zone that is not IANA, quoting the value', async () => {
    expect(await refusal(tenants.create({ tenantId: 'acme', currency: 'ABC' }))).toMatchObject({
      field: 'currency',
      message: expect.stringMatching(/^currency: "ABC" is not an ISO 4217 currency code/),
    });
    expect(await refusal(tenants.create({ tenantId: 'acme', timeZone: 'Mars/Olympus' }))).toMatchObject({
      field: 'timeZone',
      message: expect.stringMatching(/^timeZone: "Mars\/Olympus" is not an IANA time zone/),
    });
    expect(await tenants.list()).toEqual([]);
  });
});

describe('Tenants.update', () => {
  beforeEach(async () => {
    await tenants.create({ tenantId: 'acme', planId: 'starter' });
  });

  it('changes only the fields given, and takes a tenant off its plan with null', async () => {
    const t = await tenants.update('acme', {
      name: 'Acme Inc',
      humanCostPerSession: 4.25,
      currency: 'CNY',
      timeZone: 'Europe/Paris',
      planId: 'growth',
    });
    expect(t).toEqual({ tenantId: 'acme', name: 'Acme Inc', timeZone: 'Europe/Paris', humanCostPerSession: 4.25, currency: 'CNY', planId: 'growth' });
    expect(await tenants.update('acme', { planId: null })).toMatchObject({ name: 'Acme Inc', planId: null });
  });

  it('refuses an unknown plan, currency or zone by name and leaves the tenant as it was', async () => {
    const before = await tenants.get('acme');
    expect(await refusal(tenants.update('acme', { planId: 'enterprise' }))).toMatchObject({
      code: 'INVALID',
      field: 'planId',
      message: expect.stringContaining('"enterprise"'),
    });
    expect(await refusal(tenants.update('acme', { currency: 'XYZ' }))).toMatchObject({ code: 'INVALID', field: 'currency' });
    expect(await refusal(tenants.update('acme', { timeZone: 'Nowhere/City' }))).toMatchObject({ code: 'INVALID', field: 'timeZone' });
    expect(await tenants.get('acme')).toEqual(before);
  });

  it('says when there is no such tenant', async () => {
    expect(await refusal(tenants.update('nobody', { name: 'X' }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('BillingLedger.deletePlan', () => {
  it('refuses to delete a plan tenants are on, naming them, and deletes it once they moved', async () => {
    await tenants.create({ tenantId: 'acme', planId: 'starter' });
    await tenants.create({ tenantId: 'beta', planId: 'starter' });
    await tenants.create({ tenantId: 'gamma', planId: 'growth' });
    expect(await refusal(ledger.deletePlan('starter'))).toEqual({
      code: 'CONFLICT',
      field: undefined,
      message: 'plan "starter" is the plan of tenant(s) acme, beta: move them to another plan first',
    });
    expect((await tenants.plans()).map((p) => p.id)).toEqual(['growth', 'starter']);

    await tenants.update('acme', { planId: 'growth' });
    await tenants.update('beta', { planId: null });
    expect(await ledger.deletePlan('starter')).toEqual({ id: 'starter', name: 'Starter', monthlyTokenAllowance: 1_000_000 });
    expect((await tenants.plans()).map((p) => p.id)).toEqual(['growth']);
    expect(await refusal(ledger.deletePlan('starter'))).toMatchObject({ code: 'NOT_FOUND', message: 'plan "starter" was not found' });
  });
});
