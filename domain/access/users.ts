// Users: workbench accounts (argon2id-hashed passwords) and their server-side sessions behind an HttpOnly cookie;
// listed, disabled and enabled, their passwords reset (each of the last two ends their open sessions at once).
import type { z } from 'zod';
import type { Clock, IdSource } from '../clock.ts';
import { DomainError, forbidden, invalid, notFound } from '../errors.ts';
import type { AccessStore } from './access-store.ts';
import type { TenantExists } from './api-keys.ts';
import type { UserChange } from './access-store.ts';
import { AgentIdSchema, PasswordSchema, RoleSchema, UsernameSchema, userView, type Actor, type UserRecord, type UserView } from './models.ts';
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
      disabledAt: null,
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
    // A disabled user is no candidate: answered as a wrong password, in the same time.
    const candidates = (await this.#deps.store.usersNamed(input.username)).filter(
      (u) => (input.tenantId === undefined || u.tenantId === input.tenantId) && u.disabledAt === null,
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

  /** The actor of a session cookie, or null when the session is unknown or expired, or its user disabled. */
  async authenticate(token: string): Promise<Actor | null> {
    if (token.length === 0 || token.length > 200) return null;
    const session = await this.#deps.store.sessionByHash(this.#deps.secrets.digest(token));
    if (!session || session.expiresAt.getTime() <= this.#deps.clock.now().getTime()) return null;
    const user = await this.#deps.store.userById(session.userId);
    return user && user.disabledAt === null ? actorOf(user) : null;
  }

  /** Ends a session (unknown tokens are ignored). */
  async signOut(token: string): Promise<void> {
    await this.#deps.store.deleteSession(this.#deps.secrets.digest(token));
  }

  /** The users of a tenant, by username; never a password hash. NOT_FOUND for an unknown tenant. */
  async list(tenantId: string): Promise<UserView[]> {
    if (!(await this.#deps.tenantExists(tenantId))) throw notFound(`tenant ${JSON.stringify(tenantId)}`);
    return (await this.#deps.store.usersOf(tenantId)).map(userView);
  }

  /**
   * Disables a user: they can no longer sign in, and their open sessions end at once. Disabling twice keeps the first
   * time. `by`, the caller, may not disable themselves (FORBIDDEN): another admin or the CLI can.
   */
  async disable(tenantId: string, username: string, opts: { by?: Actor } = {}): Promise<UserView> {
    const user = await this.#named(tenantId, username);
    if (opts.by?.kind === 'user' && opts.by.userId === user.id) {
      throw forbidden(
        `user ${JSON.stringify(user.username)} is the user of this call: another admin or \`cs-analytics users disable\` can disable them`,
      );
    }
    const disabled = user.disabledAt ? user : await this.#change(user, { disabledAt: this.#deps.clock.now() });
    await this.#deps.store.deleteSessionsOf(user.id);
    return userView(disabled);
  }

  /** Lets a disabled user sign in again (their old sessions stay ended). */
  async enable(tenantId: string, username: string): Promise<UserView> {
    const user = await this.#named(tenantId, username);
    return userView(user.disabledAt ? await this.#change(user, { disabledAt: null }) : user);
  }

  /** Gives a user a new password (INVALID naming `password` when too short); their open sessions end at once. */
  async resetPassword(tenantId: string, username: string, password: string): Promise<UserView> {
    const checked = parse(PasswordSchema, password, 'password');
    const user = await this.#named(tenantId, username);
    const changed = await this.#change(user, { passwordHash: await this.#deps.hasher.hash(checked) });
    // After the change: a session opened with the old password meanwhile ends too.
    await this.#deps.store.deleteSessionsOf(user.id);
    return userView(changed);
  }

  /** The tenant's user of that name; another tenant's is NOT_FOUND, as an unknown one. */
  async #named(tenantId: string, username: string): Promise<UserRecord> {
    const user = (await this.#deps.store.usersNamed(username)).find((u) => u.tenantId === tenantId);
    if (!user) throw notFound(`user ${JSON.stringify(username)} of tenant ${JSON.stringify(tenantId)}`);
    return user;
  }

  async #change(user: UserRecord, change: UserChange): Promise<UserRecord> {
    const changed = await this.#deps.store.updateUser(user.tenantId, user.id, change);
    if (!changed) throw notFound(`user ${JSON.stringify(user.username)} of tenant ${JSON.stringify(user.tenantId)}`);
    return changed;
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
