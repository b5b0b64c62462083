// ApiKeys: issues API keys (the secret is shown once, only its digest is stored), lists, revokes and rotates them, and
// resolves a Bearer key to its actor through a short-lived cache, so a revocation anywhere is refused everywhere soon.
import type { Clock, IdSource } from '../clock.ts';
import { forbidden, invalid, notFound } from '../errors.ts';
import type { AccessStore } from './access-store.ts';
import type { Actor, ApiKeyRecord, ApiKeyView, Scope } from './models.ts';
import { apiKeyView, scopes as allScopes } from './models.ts';
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
/** How much of a key is kept in the clear (`csa_` and 6 characters), to tell keys apart. */
const SHOWN_LENGTH = KEY_PREFIX.length + 6;
/**
 * How long a resolved key is remembered, so the ingest hot path does not ask the store on every request. A key revoked
 * by another process (the CLI, another server) is refused here at most this long after (the 5 s promise); a key
 * revoked through this instance is forgotten at once. 3 s leaves room under 5 s for a slow lookup or request.
 */
export const KEY_CACHE_TTL_MS = 3_000;
const CACHE_MAX = 10_000;

export class ApiKeys {
  readonly #deps: ApiKeysDeps;
  /** Digest -> the lookup's answer (the promise itself, so concurrent misses share one lookup) and its end of life. */
  readonly #cache = new Map<string, { actor: Promise<Actor | null>; until: number }>();

  constructor(deps: ApiKeysDeps) {
    this.#deps = deps;
  }

  /** Makes a key of `tenantId` with the given scopes; returns the secret once. */
  async issue(input: { tenantId: string; scopes: readonly string[]; name?: string }): Promise<IssuedKey> {
    const wanted = parseScopes(input.scopes);
    await this.#assertTenant(input.tenantId);
    const issued = this.#newKey(input.tenantId, wanted, input.name ?? null);
    await this.#deps.store.addKey(issued.record);
    return issued;
  }

  /** The keys of a tenant, revoked ones too, oldest first; never a secret or digest. NOT_FOUND for an unknown tenant. */
  async list(tenantId: string): Promise<ApiKeyView[]> {
    await this.#assertTenant(tenantId);
    return (await this.#deps.store.keysOf(tenantId)).map(apiKeyView);
  }

  /**
   * Revokes a key of the tenant, named by id, prefix or the whole key (revoking twice keeps the first time). Refused
   * here at once, on every other instance within KEY_CACHE_TTL_MS. `by`, the caller, may not revoke the key it calls
   * with (FORBIDDEN): it would lock itself out mid-call; another admin credential or the CLI can.
   */
  async revoke(tenantId: string, ref: string, opts: { by?: Actor } = {}): Promise<ApiKeyView> {
    const key = await this.#find(tenantId, ref);
    if (opts.by?.kind === 'key' && opts.by.keyId === key.id) {
      throw forbidden(`API key ${key.prefix} is the key of this call: revoke it with another admin credential or \`cs-analytics keys revoke\``);
    }
    const revoked = await this.#deps.store.revokeKey(tenantId, key.id, this.#deps.clock.now());
    this.#cache.delete(key.hash);
    if (!revoked) throw keyNotFound(tenantId, ref);
    return apiKeyView(revoked);
  }

  /**
   * Replaces a live key by a new one of the same tenant, scopes and name, revoking the old one in the same step;
   * returns the new secret once. A revoked key is not rotated (INVALID naming `key`): issue a new one.
   */
  async rotate(tenantId: string, ref: string): Promise<IssuedKey> {
    const old = await this.#find(tenantId, ref);
    const revoked = () => invalid('key', `API key ${old.prefix} (${old.id}) is revoked: issue a new key instead of rotating it`);
    if (old.revokedAt) throw revoked();
    const issued = this.#newKey(old.tenantId, old.scopes, old.name);
    const replaced = await this.#deps.store.replaceKey(old.id, issued.record, this.#deps.clock.now());
    this.#cache.delete(old.hash);
    if (!replaced) throw revoked();
    return issued;
  }

  /** The actor of a Bearer key, or null when the key is unknown or revoked. */
  async authenticate(key: string): Promise<Actor | null> {
    if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
    const hash = this.#deps.secrets.digest(key);
    const now = this.#deps.clock.now().getTime();
    const cached = this.#cache.get(hash);
    if (cached && cached.until > now) return cached.actor;
    if (this.#cache.size >= CACHE_MAX) this.#cache.clear();
    // Remembered from the start of the lookup: a revocation made after it starts is seen within the TTL.
    const actor = this.#resolve(hash);
    this.#cache.set(hash, { actor, until: now + KEY_CACHE_TTL_MS });
    actor.catch(() => {
      if (this.#cache.get(hash)?.actor === actor) this.#cache.delete(hash);
    });
    return actor;
  }

  async #resolve(hash: string): Promise<Actor | null> {
    const record = await this.#deps.store.keyByHash(hash);
    if (!record || record.revokedAt) return null;
    // Only when the cache is refilled (once per TTL and instance): "last used" is a hint, never a failed request.
    await this.#deps.store.markKeyUsed(record.id, this.#deps.clock.now()).catch(() => undefined);
    return { kind: 'key', tenantId: record.tenantId, keyId: record.id, scopes: record.scopes };
  }

  #newKey(tenantId: string, scopes: readonly Scope[], name: string | null): IssuedKey {
    const key = KEY_PREFIX + this.#deps.secrets.newToken();
    const record: ApiKeyRecord = {
      id: this.#deps.ids.next(),
      tenantId,
      scopes,
      prefix: key.slice(0, SHOWN_LENGTH),
      hash: this.#deps.secrets.digest(key),
      name,
      createdAt: this.#deps.clock.now(),
      lastUsedAt: null,
      revokedAt: null,
    };
    return { key, record };
  }

  /** The tenant's key named by id, prefix (as listed, `…` or not) or whole key; NOT_FOUND, or INVALID when ambiguous. */
  async #find(tenantId: string, ref: string): Promise<ApiKeyRecord> {
    const wanted = ref.trim().replace(/…$/, '');
    const whole = wanted.startsWith(KEY_PREFIX) && wanted.length > SHOWN_LENGTH ? this.#deps.secrets.digest(wanted) : undefined;
    const matches = (await this.#deps.store.keysOf(tenantId)).filter((k) => k.id === wanted || k.prefix === wanted || k.hash === whole);
    const [key, ...others] = matches;
    if (!key) throw keyNotFound(tenantId, ref);
    if (others.length > 0) {
      throw invalid(
        'key',
        `${wanted} is the prefix of ${matches.length} keys of tenant ${tenantId} (${matches.map((k) => k.id).join(', ')}): name one by id`,
      );
    }
    return key;
  }

  async #assertTenant(tenantId: string): Promise<void> {
    if (!(await this.#deps.tenantExists(tenantId))) throw notFound(`tenant ${JSON.stringify(tenantId)}`);
  }
}

/** NOT_FOUND naming the key as asked for (a whole key only by its prefix: the secret is never echoed). */
function keyNotFound(tenantId: string, ref: string) {
  const whole = ref.startsWith(KEY_PREFIX) && ref.length > SHOWN_LENGTH && !ref.endsWith('…');
  const shown = whole ? `${ref.slice(0, SHOWN_LENGTH)}…` : ref;
  return notFound(`API key ${JSON.stringify(shown)} of tenant ${JSON.stringify(tenantId)}`);
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
