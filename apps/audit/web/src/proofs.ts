import {
  verifyProofBundle,
  type ProofBundle,
  type ProofBundleVerdict,
} from '@taxchain/ledger/checkpoint/proof-bundle';
import { fromHex } from '@taxchain/ledger/crypto';
import { api } from './api';

interface AuthorityKeys {
  keys: Array<{ keyId: string; publicKey: string; current: boolean }>;
}

let trusted: Promise<Map<string, Uint8Array>> | undefined;

/** The authority's public keys, fetched once per page load from the public /authority. */
export function authorityKeys(): Promise<Map<string, Uint8Array>> {
  trusted ??= api<AuthorityKeys>('/authority', {}, null).then(
    (body) => new Map(body.keys.map((k) => [k.keyId, fromHex(k.publicKey)])),
  );
  return trusted;
}

/** Checks one entry's proof here, in the browser, with nothing but the authority's keys. */
export async function verifyInBrowser(bundle: ProofBundle): Promise<ProofBundleVerdict> {
  return verifyProofBundle(bundle, await authorityKeys());
}
