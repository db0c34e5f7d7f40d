import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id; the package's enum is an ambient const enum, which isolated modules cannot import.
const argon2id = 2;

/** argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's recommended minimum). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: argon2id });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a throwaway hash, so that a login for an unknown user takes as long as one
 * for a known user: timing must not tell which usernames exist.
 */
export async function spendVerificationTime(password: string): Promise<void> {
  dummyHash ??= hashPassword('kechuang-dummy-password-Aa1!');
  await verifyPassword(await dummyHash, password);
}

const alphabet = {
  lower: 'abcdefghijkmnpqrstuvwxyz',
  upper: 'ABCDEFGHJKLMNPQRSTUVWXYZ',
  digits: '23456789',
  symbols: '!@#$%^&*-_=+?',
};

/** A random temporary password that meets the policy (all four classes, 16 characters, no look-alikes). */
export function generateTemporaryPassword(length = 16): string {
  const pick = (set: string) => set[randomInt(set.length)] ?? 'x';
  const all = Object.values(alphabet).join('');
  const characters = [pick(alphabet.lower), pick(alphabet.upper), pick(alphabet.digits), pick(alphabet.symbols)];
  while (characters.length < length) characters.push(pick(all));
  for (let index = characters.length - 1; index > 0; index -= 1) {
    const other = randomInt(index + 1);
    [characters[index], characters[other]] = [characters[other]!, characters[index]!];
  }
  return characters.join('');
}
