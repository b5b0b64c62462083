// Users: workbench accounts (argon2id-hashed passwords) and their server-side sessions behind an HttpOnly cookie.
import type { z } from 'zod';
import type { Clock, IdSource } from '../clock.ts';
import { DomainError, invalid, notFound } from '../errors.ts';
import type { AccessStore } from './access-store.ts';
import type { TenantExists } from './api-keys.ts';
import { AgentIdSchema, PasswordSchema, RoleSchema, UsernameSchema, type Actor, type UserRecord } from './models.ts';
import type { PasswordHasher, Secrets } from './secrets.ts';

export interface UsersDeps {
  readonly store: AccessStore;
  readonly secrets: Secrets;
  readonly hasher: PasswordHasher;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly tenantExists: TenantExists;
}

/** How long a workbench session lasts after sign-in. */
export const SESSION_TTL_MS = 7 * 86_400_000;

export interface SignedIn {
  /** The cookie's value: shown to the browser only, its digest is stored. */
  readonly token: string;
  readonly expiresAt: Date;
  readonly actor: Extract<Actor, { kind: 'user' }>;
}

const wrongCredentials = () => new DomainError('UNAUTHORIZED', 'wrong username or password');

export class Users {
  readonly #deps: UsersDeps;

  constructor(deps: UsersDeps) {
    this.#deps = deps;
  }

  /**
   * Adds a user to a tenant, linked to the agent id they act as when `agentId` is given. Throws INVALID (naming the
   * field), NOT_FOUND (tenant) or CONFLICT (name taken, or agent id linked to another user of the tenant).
   */
  async create(input: { tenantId: string; username: string; role: string; password: string; agentId?: string }): Promise<UserRecord> {
    const username = parse(UsernameSchema, input.username, 'username');
    const role = parse(RoleSchema, input.role, 'role');
    const agentId = input.agentId === undefined ? undefined : parse(AgentIdSchema, input.agentId, 'agentId');
    const password = parse(PasswordSchema, input.password, 'password');
    if (!(await this.#deps.tenantExists(input.tenantId))) throw notFound(`tenant ${JSON.stringify(input.tenantId)}`);
    const user: UserRecord = {
      id: this.#deps.ids.next(),
      tenantId: input.tenantId,
      username,
      role,
      ...(agentId !== undefined ? { agentId } : {}),
      passwordHash: await this.#deps.hasher.hash(password),
      createdAt: this.#deps.clock.now(),
    };
    await this.#deps.store.addUser(user);
    return user;
  }

  /**
   * Checks a username and password and opens a session. The tenant may be left out: the password is checked against
   * the username in every tenant (at once, so about as long as one check), and only when it opens more than one is
   * the tenant asked for. A wrong name, a wrong password and a name of several tenants get the same answer.
   */
  async signIn(input: { username: string; password: string; tenantId?: string }): Promise<SignedIn> {
    const candidates = (await this.#deps.store.usersNamed(input.username)).filter(
      (u) => input.tenantId === undefined || u.tenantId === input.tenantId,
    );
    if (candidates.length === 0) {
      // Spend the time of a real check, so a missing user cannot be told apart by timing.
      await this.#deps.hasher.hash(input.password).catch(() => undefined);
      throw wrongCredentials();
    }
    const opened = await Promise.all(candidates.map((u) => this.#deps.hasher.verify(u.passwordHash, input.password)));
    const matching = candidates.filter((_, i) => opened[i]);
    if (matching.length > 1) throw invalid('tenantId', 'this username and password open several tenants: name the tenant');
    const user = matching[0];
    if (!user) throw wrongCredentials();
    const token = this.#deps.secrets.newToken();
    const now = this.#deps.clock.now();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await this.#deps.store.addSession({
      hash: this.#deps.secrets.digest(token),
      userId: user.id,
      tenantId: user.tenantId,
      createdAt: now,
      expiresAt,
    });
    return { token, expiresAt, actor: actorOf(user) };
  }

  /** The actor of a session cookie, or null when the session is unknown or expired. */
  async authenticate(token: string): Promise<Actor | null> {
    if (token.length === 0 || token.length > 200) return null;
    const session = await this.#deps.store.sessionByHash(this.#deps.secrets.digest(token));
    if (!session || session.expiresAt.getTime() <= this.#deps.clock.now().getTime()) return null;
    const user = await this.#deps.store.userById(session.userId);
    return user ? actorOf(user) : null;
  }

  /** Ends a session (unknown tokens are ignored). */
  async signOut(token: string): Promise<void> {
    await this.#deps.store.deleteSession(this.#deps.secrets.digest(token));
  }
}

function actorOf(user: UserRecord): Extract<Actor, { kind: 'user' }> {
  const { tenantId, id: userId, username, role, agentId } = user;
  return { kind: 'user', tenantId, userId, username, role, ...(agentId !== undefined ? { agentId } : {}) };
}

function parse<S extends z.ZodType>(schema: S, value: unknown, field: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(field, result.error.issues[0]?.message ?? 'invalid');
  return result.data;
}
