// What each procedure needs, and whether an actor has it: scopes for API keys, roles for workbench users.
import type { Actor, Role, Scope } from './models.ts';

/** A procedure's need: the API key scope, and the workbench roles allowed. */
export interface Requirement {
  readonly scope: Scope;
  readonly roles: readonly Role[];
}

/** Roles allowed by default for each scope: everyone reads, supervisors write, only admins administer. */
export const defaultRoles: Record<Scope, readonly Role[]> = {
  read: ['admin', 'supervisor', 'agent'],
  ingest: ['admin', 'supervisor'],
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
