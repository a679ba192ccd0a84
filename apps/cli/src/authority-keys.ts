import { fromHex, keyId } from '@taxchain/ledger/crypto';
import { CliError } from './cli-error';

/** The tax authority's public keys (hex, comma-separated for rotated keys), by key id. */
export function authorityKeys(hex: string | undefined): Map<string, Uint8Array> {
  if (!hex) throw CliError.badInput('pass --authority-key <hex> or set TAXCHAIN_AUTHORITY_KEY');
  const keys = hex.split(',');
  if (!keys.every((key) => /^[0-9a-f]{64}$/.test(key)))
    throw CliError.badInput(
      '--authority-key must be 64 lowercase hex characters (comma-separated for several)',
    );
  return new Map(keys.map((key) => [keyId(fromHex(key)), fromHex(key)]));
}
