import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fromHex, keyId, nativeEd25519, toHex } from '@taxchain/ledger';
import { repoRoot } from './paths';

/**
 * What an official pins on the dashboard's Keys page (README, The dashboard) for the demo: the
 * public half of the authority key the services sign with, read from the operator's own key
 * (`AUTHORITY_KEY`, `AUTHORITY_KEY_FILE`, else the demo's `.data/authority.key`), never from a
 * server's answer, and the witness policy the verifiers hold. Only public keys are printed.
 */
export function dashboardPins(
  witnessVkeys: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const secret =
    env.AUTHORITY_KEY ??
    readFileSync(env.AUTHORITY_KEY_FILE ?? resolve(repoRoot, '.data/authority.key'), 'utf8');
  const publicKey = nativeEd25519.publicKeyOf(fromHex(secret.trim()));
  return [
    `  authority key  ${toHex(publicKey)}   (key id ${keyId(publicKey)})`,
    ...witnessVkeys.map((vkey) => `  witness        ${vkey}`),
    ...(witnessVkeys.length ? [`  quorum         ${witnessVkeys.length}`] : []),
  ];
}
