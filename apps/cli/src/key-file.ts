import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { canonicalBytes, fromHex, keyId, nobleEd25519, toHex } from '@taxchain/ledger/crypto';
import { CliError } from './cli-error';

/** What ~/.taxchain/key.json holds; readable by its owner alone (mode 0600). */
export interface KeyFile {
  secretKey: string;
  publicKey: string;
  keyId: string;
  /** The merchant the key signs for, when given at keygen. */
  taxId?: string;
}

/** A merchant key loaded from its file: signs canonical JSON (RFC 8785), as the server checks. */
export class MerchantKey {
  private constructor(
    readonly file: KeyFile,
    private readonly secret: Uint8Array,
  ) {}

  static create(secret: Uint8Array, taxId?: string): MerchantKey {
    const publicKey = nobleEd25519.publicKeyOf(secret);
    const file = { secretKey: toHex(secret), publicKey: toHex(publicKey), keyId: keyId(publicKey) };
    return new MerchantKey(taxId ? { ...file, taxId } : file, secret);
  }

  static load(path: string): MerchantKey {
    if (!existsSync(path))
      throw CliError.badInput(`no key file at ${path}: run "taxchain keygen" or pass --key`);
    let file: KeyFile;
    try {
      file = JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
    } catch {
      throw CliError.badInput(`${path} is not a JSON key file`);
    }
    if (!/^[0-9a-f]{64}$/.test(String(file.secretKey)))
      throw CliError.badInput(`${path}: secretKey must be 64 lowercase hex characters`);
    const key = MerchantKey.create(fromHex(file.secretKey), file.taxId);
    if (key.file.publicKey !== file.publicKey || key.file.keyId !== file.keyId)
      throw CliError.badInput(`${path}: publicKey or keyId does not belong to secretKey`);
    return key;
  }

  get keyId(): string {
    return this.file.keyId;
  }

  save(path: string): void {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, `${JSON.stringify(this.file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
  }

  sign(document: unknown): string {
    return toHex(nobleEd25519.sign(canonicalBytes(document), this.secret));
  }
}
