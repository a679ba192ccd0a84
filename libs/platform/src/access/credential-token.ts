import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CredentialRole } from './roles';

/**
 * Token format: `tc_<role letter>_<id>_<secret>`. The id (20 hex) is public — it names the
 * credential in lists and logs; the secret (32 random bytes, base64url) is shown once and only
 * its hash is stored. The prefix lets secret scanners and people recognise a token on sight.
 */
const ROLE_LETTERS: Record<CredentialRole, string> = {
  admin: 'a',
  merchant: 'm',
  company: 'c',
  official: 'o',
};
const ROLES_BY_LETTER = new Map(
  Object.entries(ROLE_LETTERS).map(([role, letter]) => [letter, role as CredentialRole]),
);
const TOKEN = /^tc_([amco])_([0-9a-f]{20})_([A-Za-z0-9_-]{43})$/;

export interface NewCredentialSecret {
  id: string;
  /** The whole token: give it to the holder once, never store it. */
  token: string;
  secretHash: Buffer;
}

export interface PresentedToken {
  id: string;
  role: CredentialRole;
  secret: string;
}

export function createCredentialToken(role: CredentialRole): NewCredentialSecret {
  const id = randomBytes(10).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `tc_${ROLE_LETTERS[role]}_${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** Splits a presented token; undefined when it is not shaped like one. */
export function parseCredentialToken(token: string): PresentedToken | undefined {
  const match = TOKEN.exec(token);
  const role = match && ROLES_BY_LETTER.get(match[1]);
  return match && role ? { id: match[2], role, secret: match[3] } : undefined;
}

/**
 * SHA-256 of the secret. A slow password hash would add nothing: the secret is 256 random
 * bits, beyond any brute force, and a fast hash keeps every request's check cheap.
 */
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Constant-time, so response timing reveals nothing about how much of a guess was right. */
export function secretMatches(secret: string, storedHash: Buffer): boolean {
  const presented = hashSecret(secret);
  return presented.length === storedHash.length && timingSafeEqual(presented, storedHash);
}
