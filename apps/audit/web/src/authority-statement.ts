import { fromHex, keyId } from '@taxchain/ledger/crypto';
import { api } from './api';
import { canonicalVkey, isHexKey, type Pins } from './pins';

/** What GET /authority says: the server's own statement of whom to trust, never trust itself. */
export interface AuthorityStatement {
  keys: Array<{ keyId: string; publicKey: string; current: boolean }>;
  logs?: Array<{ chain: number; origin: string; vkeys: string[] }>;
  witnessPolicy?: { witnesses: string[]; quorum: number };
}

/** Where the server's statement and the pins part ways. */
export type TrustDifference =
  | { kind: 'key-not-pinned'; keyId: string }
  | { kind: 'pin-not-served'; keyId: string }
  | { kind: 'policy-differs' };

/** The served keys that are keys at all (64 lowercase hex), as bytes. */
export function servedPublicKeys(served: AuthorityStatement): Uint8Array[] {
  return served.keys
    .map((k) => k.publicKey)
    .filter(isHexKey)
    .map(fromHex);
}

let statement: Promise<AuthorityStatement> | undefined;

/** The statement, fetched once per page load from the public /authority. */
export function authorityStatement(): Promise<AuthorityStatement> {
  statement ??= api<AuthorityStatement>('/authority', {}, null);
  return statement;
}

/**
 * Every served key that is not pinned, every pinned key the server no longer lists, and whether
 * the witness policy (the set of witnesses and the quorum) differs, either side having none
 * included. The order is the statement's, then the pins'.
 */
export function differences(pins: Pins, served: AuthorityStatement): TrustDifference[] {
  const servedKeys = served.keys.map((k) => k.publicKey);
  const found: TrustDifference[] = [
    ...servedKeys
      .filter((hex) => !pins.authorityKeys.includes(hex))
      .map((hex) => ({ kind: 'key-not-pinned' as const, keyId: idOf(hex) })),
    ...pins.authorityKeys
      .filter((hex) => !servedKeys.includes(hex))
      .map((hex) => ({ kind: 'pin-not-served' as const, keyId: idOf(hex) })),
  ];
  if (
    policyText(pins.witnesses, pins.quorum) !==
    policyText(served.witnessPolicy?.witnesses ?? [], served.witnessPolicy?.quorum ?? null)
  )
    found.push({ kind: 'policy-differs' });
  return found;
}

function policyText(witnesses: string[], quorum: number | null): string {
  const keys = witnesses.map((vkey) => canonicalVkey(vkey) ?? `unreadable ${vkey}`);
  return JSON.stringify([[...new Set(keys)].sort(), quorum]);
}

/** A served key's id, computed here rather than taken from the server's word. */
function idOf(hex: string): string {
  return isHexKey(hex) ? keyId(fromHex(hex)) : hex;
}
