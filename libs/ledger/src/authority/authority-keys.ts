import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Injectable } from '@nestjs/common';
import { InjectConfig, type AppConfig } from '@taxchain/platform';
import { fromHex, generateSecretKey, keyId, toHex } from '../crypto';
import { nativeEd25519 } from '../crypto/native-ed25519';
import { type NoteSigner, NoteSignatureType, type NoteVerifierKey, noteVerifierKey } from '../note';

export interface SigningKey {
  keyId: string;
  publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

/**
 * The tax authority's keys: the current signing key (never logged, never returned)
 * and every public key whose checkpoints must keep verifying after a rotation.
 */
@Injectable()
export class AuthorityKeys {
  readonly current: SigningKey;
  readonly trusted: ReadonlyMap<string, Uint8Array>;

  constructor(@InjectConfig() config: AppConfig) {
    const secret = loadSecret(config);
    // OpenSSL: the same bytes as noble (RFC 8032 is deterministic) at a tenth of the CPU, and a
    // relay signs every checkpoint twice (JSON and note), every few seconds per chain under load.
    const publicKey = nativeEd25519.publicKeyOf(secret);
    this.current = {
      keyId: keyId(publicKey),
      publicKey,
      sign: (message) => nativeEd25519.sign(message, secret),
    };
    const previous = (config.AUTHORITY_PREVIOUS_KEYS?.split(',') ?? []).map((hex) => fromHex(hex));
    this.trusted = new Map([publicKey, ...previous].map((key) => [keyId(key), key]));
  }

  /** Note verifier keys of every trusted key for one log origin, the current one first. */
  noteVerifierKeys(origin: string): NoteVerifierKey[] {
    return [...this.trusted.values()].map((key) =>
      noteVerifierKey(origin, NoteSignatureType.ed25519, key),
    );
  }

  /** The public half, hex, as published to verifiers. */
  publicKeyHex(): string {
    return toHex(this.current.publicKey);
  }
}

/** A signing key as the note signer of one log: its key name is the log's origin. */
export function checkpointNoteSigner(key: SigningKey, origin: string): NoteSigner {
  return {
    key: noteVerifierKey(origin, NoteSignatureType.ed25519, key.publicKey),
    sign: (message) => key.sign(message),
  };
}

const DEMO_KEY_FILE = resolve(process.cwd(), '.data/authority.key');

function loadSecret(config: AppConfig): Uint8Array {
  if (config.AUTHORITY_KEY) return fromHex(config.AUTHORITY_KEY);
  const file =
    config.AUTHORITY_KEY_FILE ?? (config.NODE_ENV === 'production' ? undefined : DEMO_KEY_FILE);
  if (!file) throw new Error('AUTHORITY_KEY or AUTHORITY_KEY_FILE is required in production');
  if (!existsSync(file)) {
    if (config.NODE_ENV === 'production')
      throw new Error(`AUTHORITY_KEY_FILE ${file} does not exist`);
    createDemoKey(file);
  }
  return fromHex(readFileSync(file, 'utf8').trim());
}

/** Demo mode: one key generated on first start, kept with the data, readable by its owner only. */
function createDemoKey(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${toHex(generateSecretKey())}\n`, { flag: 'wx', mode: 0o600 });
  chmodSync(file, 0o600);
}
