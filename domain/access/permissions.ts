// What each procedure needs, and whether an actor has it: scopes for API keys, roles for workbench users.
import type { Actor, Role, Scope } from './models.ts';

/** A procedure's need: the API key scope, and the workbench roles allowed. */
export interface Requirement {
  readonly scope: Scope;
  readonly roles: readonly Role[];
}

/**
 * Roles allowed by default for each scope: everyone reads, only admins administer, and no one signed in to the
 * workbench ingests: events (usage, ratings, session ends) come from products through API keys with the `ingest`
 * scope, so a role that may not record usage cannot forge it through `ingest.track`. A procedure of the ingest scope
 * that people may call names its roles itself (`realtime.setAgentStatus`, `billing.recordTokenUsage` for admins).
 */
export const defaultRoles: Record<Scope, readonly Role[]> = {
  read: ['admin', 'supervisor', 'agent'],
  ingest: [],
  admin: ['admin'],
};

/** Roles that may see billing figures (an agent sees no billing). */
export const billingRoles: readonly Role[] = ['admin', 'supervisor'];

export function requirement(scope: Scope, roles: readonly Role[] = defaultRoles[scope]): Requirement {
  return { scope, roles };
}

/** True when the actor may do what the requirement asks. */
export function allows(actor: Actor, need: Requirement): boolean {
  return actor.kind === 'key' ? actor.scopes.includes(need.scope) : need.roles.includes(actor.role);
}

/** Why the actor may not do what the requirement asks, as the caller is told (403); null when it may. */
export function refusal(actor: Actor, need: Requirement): string | null {
  if (allows(actor, need)) return null;
  if (actor.kind === 'key') return `this needs the ${need.scope} scope`;
  if (need.roles.length === 0) {
    return `${need.scope} is for product API keys (Bearer key with the ${need.scope} scope), not for people signed in to the workbench`;
  }
  return `this needs one of the roles ${need.roles.join(', ')}`;
}
