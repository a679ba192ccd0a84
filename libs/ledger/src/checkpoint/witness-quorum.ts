import { HASH_LENGTH, fromHex, isLowerHex } from '../crypto';
import { isNonNegativeSafeInteger } from '../crypto/guards';
import {
  type NoteVerifierKey,
  NoteSignatureType,
  checkpointNoteText,
  cosignatureTime,
  isValidKeyName,
  parseSignatureLine,
  parseVerifierKey,
} from '../note';
import type { ProofBundle } from './proof-bundle';

/** The witnesses' cosignatures of a bundle's checkpoint, as signature lines of its note. */
export interface WitnessedCheckpoint {
  /** The chain's log origin, `<prefix>/<chain>`: with size and root, the cosigned note text. */
  origin: string;
  /** c2sp.org/tlog-cosignature v1 lines, `— <witness name> <base64>`, without newline. */
  cosignatures: string[];
}

/** A client's policy: trust a checkpoint once `quorum` of these witnesses cosigned it. */
export interface WitnessPolicy {
  witnesses: readonly NoteVerifierKey[];
  quorum: number;
}

/** What is wrong with a witness policy, for a caller that words it in its own language. */
export type WitnessPolicyProblem = 'not-witness-key' | 'witness-twice' | 'quorum-range';

/** A policy that does not parse: its problem, the vkey concerned or the largest quorum allowed. */
export class WitnessPolicyError extends RangeError {
  constructor(
    readonly problem: WitnessPolicyProblem,
    message: string,
    readonly vkey?: string,
    readonly maxQuorum?: number,
  ) {
    super(message);
  }
}

/**
 * A policy from witness vkeys (cosignature/v1 keys, docs/witness.md) and a quorum, all of them
 * when undefined; throws a WitnessPolicyError naming what is wrong (a key that is not a witness
 * key, the same witness twice, a quorum outside 1..n).
 */
export function parseWitnessPolicy(vkeys: readonly string[], quorum?: number): WitnessPolicy {
  const witnesses = vkeys.map((vkey) => {
    const key = parseVerifierKey(vkey);
    if (key?.type !== NoteSignatureType.cosignatureV1)
      throw new WitnessPolicyError(
        'not-witness-key',
        `${vkey} is not a witness (cosignature) vkey`,
        vkey,
      );
    return key;
  });
  const names = new Set(witnesses.map((key) => key.name));
  if (names.size < witnesses.length)
    throw new WitnessPolicyError(
      'witness-twice',
      'a witness is named twice: each counts once towards the quorum',
    );
  const k = quorum ?? witnesses.length;
  if (!Number.isInteger(k) || k < 1 || k > witnesses.length)
    throw new WitnessPolicyError(
      'quorum-range',
      `the quorum must be 1 to ${witnesses.length}`,
      undefined,
      witnesses.length,
    );
  return { witnesses, quorum: k };
}

export type WitnessQuorumVerdict =
  { ok: true; cosignedBy: string[] } | { ok: false; reason: 'below-quorum'; cosignedBy: string[] };

/**
 * Counts the distinct trusted witnesses whose cosignature of the bundle's checkpoint (as the note
 * `origin\nsize\nbase64(root)\n`) verifies; the bundle passes with at least `quorum` of them.
 * Run after verifyProofBundle, which checks the checkpoint itself. Never throws.
 */
export function verifyWitnessQuorum(
  bundle: ProofBundle,
  policy: WitnessPolicy,
): WitnessQuorumVerdict {
  const cosignedBy = cosigners(bundle, policy.witnesses);
  return cosignedBy.length >= policy.quorum
    ? { ok: true, cosignedBy }
    : { ok: false, reason: 'below-quorum', cosignedBy };
}

function cosigners(bundle: ProofBundle, witnesses: readonly NoteVerifierKey[]): string[] {
  const { witnessed, checkpoint } = bundle;
  if (typeof witnessed !== 'object' || witnessed === null || !Array.isArray(witnessed.cosignatures))
    return [];
  if (typeof checkpoint !== 'object' || checkpoint === null) return [];
  const { chain, size, root } = checkpoint;
  const origin = witnessed.origin;
  // The origin names the chain's log: a cosignature of another log's note proves nothing here.
  if (typeof origin !== 'string' || !isValidKeyName(origin) || !origin.endsWith(`/${chain}`))
    return [];
  if (!isLowerHex(root, HASH_LENGTH) || !isNonNegativeSafeInteger(size)) return [];
  const text = checkpointNoteText({ origin, size, root: fromHex(root) });
  const lines = witnessed.cosignatures.filter((line): line is string => typeof line === 'string');
  const signatures = lines.map(parseSignatureLine).filter((s) => s !== undefined);
  const names = witnesses
    .filter((key) => signatures.some((s) => cosignatureTime(text, s, key) !== undefined))
    .map((key) => key.name);
  // Distinct witnesses: a policy naming one twice does not count its cosignature twice.
  return [...new Set(names)];
}
