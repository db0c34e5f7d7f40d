import { roles, type Role } from './roles.ts';

/** all: anything; own_unit / own_area (its subtree) / own_enterprise: the actor's own scope; self: the actor's own account. */
export const scopes = ['all', 'own_unit', 'own_area', 'own_enterprise', 'self'] as const;
export type Scope = (typeof scopes)[number];

/**
 * One action a module declares: its label for the permission page, the grants every new
 * platform starts with, and the rules that bound what the security administrator may change.
 */
export interface ActionDeclaration {
  label: { zh: string; en: string };
  /**
   * Default grants, seeded into `role_permissions` the first time the platform sees the action;
   * `every_role` stands for each signed-in role (a plain object, so that declaring an action
   * needs nothing of the accounts module at load time).
   */
  grants: Partial<Record<Role | 'public' | 'every_role', Scope>>;
  /** Only this administrator holds it (三权分立): nobody can grant it to another role or take it away. */
  reservedTo?: Role;
  /** Needed to sign in or change a forced password: nobody can take it from anybody. */
  fixed?: boolean;
  /** Personal or unreviewed data, or administration: never grantable to the public. */
  neverPublic?: boolean;
}

/**
 * The names of every declared action. Each module declares its actions as a plain object
 * (`{ … } satisfies Record<string, ActionDeclaration>`, importing only types, so that declaring
 * one needs nothing at load time) and adds their names by augmenting this interface next to them
 * (`declare module '../accounts/action-catalog.ts'`): action names are checked at compile time
 * without the accounts module knowing the other modules.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ActionRegistry {}

export type Action = keyof ActionRegistry & string;


/** The names of a module's declared actions, for augmenting `ActionRegistry`. */
export type ActionNames<Declarations> = { [Name in keyof Declarations]: true };

/** Every module's actions, composed once at start-up (src/platform/action-catalog.ts). */
export class ActionCatalog {
  private readonly byName = new Map<string, ActionDeclaration>();

  constructor(modules: readonly Record<string, ActionDeclaration>[]) {
    for (const declarations of modules) {
      for (const [name, declaration] of Object.entries(declarations)) {
        if (this.byName.has(name)) throw new Error(`action "${name}" is declared twice`);
        if (declaration.neverPublic && declaration.grants.public) throw new Error(`action "${name}" is never public but grants it to the public`);
        this.byName.set(name, declaration);
      }
    }
  }

  get actions(): Action[] {
    return [...this.byName.keys()] as Action[];
  }

  has(name: string): name is Action {
    return this.byName.has(name);
  }

  declaration(action: Action): ActionDeclaration {
    const declaration = this.byName.get(action);
    if (!declaration) throw new Error(`action "${action}" is not declared`);
    return declaration;
  }

  /** The default grants of every action, as rows of the permission table. */
  defaultRows(): { role: Role | 'public'; action: Action; scope: Scope }[] {
    return this.actions.flatMap((action) => {
      const { every_role: everyRole, ...grants } = this.declaration(action).grants;
      const expanded: Partial<Record<Role | 'public', Scope>> = { ...(everyRole ? Object.fromEntries(roles.map((role) => [role, everyRole])) : {}), ...grants };
      return Object.entries(expanded).map(([role, scope]) => ({ role: role as Role | 'public', action, scope }));
    });
  }
}
