import { noOrigin, systemActor, createUser, disableUser, enableUser, resetPassword, loadPermissionTable, presentUser, findUserByUsername, listUsers } from '../../accounts/index.ts';
import { preparePlatform, type PlatformOptions } from '../../platform/index.ts';
import { notFound } from '../../shared/index.ts';
import { exitCodes, type Output } from '../output.ts';

/** Reads the first line of standard input (a password piped in, never on the command line). */
export async function readFirstLineOfStdin(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

async function withPlatform<T>(options: PlatformOptions, work: (platform: Awaited<ReturnType<typeof preparePlatform>>) => Promise<T>): Promise<T> {
  const platform = await preparePlatform(options);
  try {
    return await work(platform);
  } finally {
    await platform.close();
  }
}

export interface UserAddOptions {
  username: string;
  role: string;
  unit?: string;
  org?: string;
  creditCode?: string;
  displayName?: string;
  password?: string;
  json?: boolean;
}

/** `kechuang user add`: the operator's way to create any account, administrators included. */
export async function userAdd(options: UserAddOptions, platformOptions: PlatformOptions, output: Output): Promise<number> {
  return withPlatform(platformOptions, async ({ db }) => {
    const { user, temporaryPassword } = await createUser(
      db,
      { username: options.username, role: options.role as never, unit_id: options.unit, org_code: options.org, credit_code: options.creditCode, display_name: options.displayName, password: options.password },
      { actor: systemActor, permissions: await loadPermissionTable(db), origin: noOrigin, allowAdministratorRoles: true },
    );
    if (options.json) output.out(JSON.stringify({ account: presentUser(user), temporary_password: temporaryPassword }, null, 2));
    else {
      output.err(`created ${user.username} (${user.role}); the password must be changed at first login`);
      if (temporaryPassword) output.err(`temporary password (shown once): ${temporaryPassword}`);
    }
    return exitCodes.ok;
  });
}

export async function userList(json: boolean, platformOptions: PlatformOptions, output: Output): Promise<number> {
  return withPlatform(platformOptions, async ({ db }) => {
    const accounts = (await listUsers(db)).map((user) => presentUser(user));
    if (json) output.out(JSON.stringify({ accounts }, null, 2));
    else for (const account of accounts) output.out([account.username, account.role, account.status, account.unit_id ?? account.org_code ?? account.credit_code ?? '-', account.last_login_at ?? 'never'].join('\t'));
    return exitCodes.ok;
  });
}

export async function userSetStatus(username: string, status: 'disabled' | 'active', platformOptions: PlatformOptions, output: Output): Promise<number> {
  return withPlatform(platformOptions, async ({ db }) => {
    const user = await findUserByUsername(db, username);
    if (!user) throw notFound('账号', 'Account', username);
    const options = { actor: systemActor, permissions: await loadPermissionTable(db), origin: noOrigin };
    const changed = status === 'disabled' ? await disableUser(db, user.id, options) : await enableUser(db, user.id, options);
    output.err(`${changed.username}: ${changed.status}`);
    return exitCodes.ok;
  });
}

export async function userResetPassword(username: string, password: string | undefined, platformOptions: PlatformOptions, output: Output): Promise<number> {
  return withPlatform(platformOptions, async ({ db }) => {
    const user = await findUserByUsername(db, username);
    if (!user) throw notFound('账号', 'Account', username);
    const result = await resetPassword(db, user.id, { actor: systemActor, permissions: await loadPermissionTable(db), origin: noOrigin, ...(password === undefined ? {} : { password }) });
    output.err(`${result.user.username}: password reset; it must be changed at next login`);
    if (result.temporaryPassword) output.err(`temporary password (shown once): ${result.temporaryPassword}`);
    return exitCodes.ok;
  });
}
