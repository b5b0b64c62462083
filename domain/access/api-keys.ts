// ApiKeys: issues API keys (the secret is shown once, only its digest is stored) and resolves a Bearer key to its actor.
import type { Clock, IdSource } from '../clock.ts';
import { invalid, notFound } from '../errors.ts';
import type { AccessStore } from './access-store.ts';
import type { Actor, ApiKeyRecord, Scope } from './models.ts';
import { scopes as allScopes } from './models.ts';
import type { Secrets } from './secrets.ts';

/** Whether a tenant exists (keys and users are only made for known tenants). */
export type TenantExists = (tenantId: string) => Promise<boolean>;

export interface ApiKeysDeps {
  readonly store: AccessStore;
  readonly secrets: Secrets;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly tenantExists: TenantExists;
}

export interface IssuedKey {
  /** The secret: shown once, never stored. */
  readonly key: string;
  readonly record: ApiKeyRecord;
}

const KEY_PREFIX = 'csa_';
/** A resolved key is remembered this long, so the ingest hot path does not ask the store on every request. */
const CACHE_TTL_MS = 60_000;
const CACHE_MAX = 10_000;

export class ApiKeys {
  readonly #deps: ApiKeysDeps;
  readonly #cache = new Map<string, { actor: Actor | null; until: number }>();

  constructor(deps: ApiKeysDeps) {
    this.#deps = deps;
  }

  /** Makes a key of `tenantId` with the given scopes; returns the secret once. */
  async issue(input: { tenantId: string; scopes: readonly string[]; name?: string }): Promise<IssuedKey> {
    const wanted = parseScopes(input.scopes);
    if (!(await this.#deps.tenantExists(input.tenantId))) throw notFound(`tenant ${JSON.stringify(input.tenantId)}`);
    const key = KEY_PREFIX + this.#deps.secrets.newToken();
    const record: ApiKeyRecord = {
      id: this.#deps.ids.next(),
      tenantId: input.tenantId,
      scopes: wanted,
      prefix: key.slice(0, KEY_PREFIX.length + 6),
      hash: this.#deps.secrets.digest(key),
      name: input.name ?? null,
      createdAt: this.#deps.clock.now(),
    };
    await this.#deps.store.addKey(record);
    return { key, record };
  }

  /** The actor of a Bearer key, or null when the key is unknown. */
  async authenticate(key: string): Promise<Actor | null> {
    if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
    const hash = this.#deps.secrets.digest(key);
    const now = this.#deps.clock.now().getTime();
    const cached = this.#cache.get(hash);
    if (cached && cached.until > now) return cached.actor;
    const record = await this.#deps.store.keyByHash(hash);
    const actor: Actor | null = record ? { kind: 'key', tenantId: record.tenantId, keyId: record.id, scopes: record.scopes } : null;
    if (this.#cache.size >= CACHE_MAX) this.#cache.clear();
    this.#cache.set(hash, { actor, until: now + CACHE_TTL_MS });
    return actor;
  }
}

/** Scopes from a list such as `['ingest', 'read']` (or one comma-separated string); at least one, all known. */
export function parseScopes(values: readonly string[]): Scope[] {
  const list = values
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.length === 0) throw invalid('scopes', `at least one of ${allScopes.join(', ')}`);
  for (const s of list) {
    if (!(allScopes as readonly string[]).includes(s)) throw invalid('scopes', `unknown scope ${JSON.stringify(s)} (use ${allScopes.join(', ')})`);
  }
  return [...new Set(list)] as Scope[];
}
