import { base64 } from '@scure/base';
import { concatBytes } from '@noble/hashes/utils.js';
import { type Ed25519Engine, nobleEd25519 } from '../crypto';
import { type NoteSigner, NoteSignatureType, formatVerifierKey, noteVerifierKey } from '../note';

const PREFIX = 'PRIVATE+KEY+';
const SEED_BYTES = 32;

/**
 * A witness's cosigning key, stored as the signer-key string of Go's golang.org/x/mod/sumdb/note:
 * `PRIVATE+KEY+<name>+<8 hex key ID>+<base64(0x04 || 32-byte seed)>`, type 0x04 being
 * c2sp.org/tlog-cosignature v1.
 */
export class WitnessKey {
  private constructor(
    readonly signer: NoteSigner,
    private readonly seed: Uint8Array,
  ) {}

  static create(name: string, seed: Uint8Array, engine: Ed25519Engine = nobleEd25519): WitnessKey {
    if (seed.length !== SEED_BYTES) throw new RangeError('a witness seed is 32 bytes');
    const key = noteVerifierKey(name, NoteSignatureType.cosignatureV1, engine.publicKeyOf(seed));
    return new WitnessKey({ key, sign: (message) => engine.sign(message, seed) }, seed);
  }

  /** Reads a signer-key string; throws a RangeError naming what is wrong. */
  static parse(text: string, engine: Ed25519Engine = nobleEd25519): WitnessKey {
    const line = text.trim();
    const match = new RegExp(`^${escape(PREFIX)}([^+]+)\\+([0-9a-f]{8})\\+(.+)$`, 's').exec(line);
    if (!match) throw new RangeError('not a PRIVATE+KEY+<name>+<id>+<key> witness key');
    const [, name, id, material] = match;
    let bytes: Uint8Array;
    try {
      bytes = base64.decode(material);
    } catch {
      throw new RangeError('witness key material is not base64');
    }
    if (bytes.length !== 1 + SEED_BYTES || bytes[0] !== NoteSignatureType.cosignatureV1)
      throw new RangeError('witness key material is not 0x04 followed by a 32-byte seed');
    const key = WitnessKey.create(name, bytes.slice(1), engine);
    if (key.keyId !== id) throw new RangeError('witness key ID does not match');
    return key;
  }

  get name(): string {
    return this.signer.key.name;
  }

  /** The 8 hex digits of the note key ID, as the vkey spells them (a name holds no '+'). */
  get keyId(): string {
    return this.vkey.split('+')[1];
  }

  /** The public vkey logs and verifiers pin: `<name>+<id>+<base64(0x04 || public key)>`. */
  get vkey(): string {
    return formatVerifierKey(this.signer.key);
  }

  /** The secret signer-key string, as the key file holds it. */
  format(): string {
    const material = base64.encode(
      concatBytes(Uint8Array.of(NoteSignatureType.cosignatureV1), this.seed),
    );
    return `${PREFIX}${this.name}+${this.keyId}+${material}\n`;
  }
}

function escape(text: string): string {
  return text.replace(/[+]/g, '\\+');
}
