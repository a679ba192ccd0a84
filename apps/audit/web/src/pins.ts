import {
  WitnessPolicyError,
  parseWitnessPolicy,
  type WitnessPolicy,
} from '@taxchain/ledger/checkpoint/witness-quorum';
import { fromHex, keyId, toHex } from '@taxchain/ledger/crypto';
import { NoteSignatureType, formatVerifierKey, parseVerifierKey } from '@taxchain/ledger/note';

/**
 * The trust an official pinned, obtained out of band: the tax authority's public keys (hex) and,
 * optionally, the witnesses (vkeys) whose cosignatures a checkpoint needs, and how many.
 */
export interface Pins {
  authorityKeys: string[];
  witnesses: string[];
  quorum: number | null;
}

/** What the official typed: keys one a line (or separated by spaces or commas), a quorum. */
export interface PinInput {
  authorityKeys: string;
  witnesses: string;
  quorum: string;
}

/** Why pins were refused; `value` is the line at fault, `max` the largest quorum allowed. */
export type PinProblem =
  | { code: 'no-authority-key' }
  | { code: 'authority-key'; value: string }
  | { code: 'authority-key-is-witness'; value: string }
  | { code: 'witness-key'; value: string }
  | { code: 'witness-twice' }
  | { code: 'quorum-missing' }
  | { code: 'quorum-without-witnesses' }
  | { code: 'quorum-range'; max: number };

export type PinParse = { ok: true; pins: Pins } | { ok: false; problem: PinProblem };

const HEX_KEY = /^[0-9a-f]{64}$/;

/** 64 lowercase hex characters: how /authority and the pins spell an Ed25519 public key. */
export const isHexKey = (text: string): boolean => HEX_KEY.test(text);
const words = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/**
 * Parses pins strictly: every authority key is 64 lowercase hex characters or an Ed25519 vkey
 * of c2sp.org/signed-note whose key ID matches (docs/spec/checkpoint-notes.md), every witness a
 * cosignature/v1 vkey named once, and the quorum a whole number from 1 to the witnesses' count.
 * The first problem refuses the whole input.
 */
export function parsePins(input: PinInput): PinParse {
  const refuse = (problem: PinProblem): PinParse => ({ ok: false, problem });
  const authorityKeys: string[] = [];
  for (const word of words(input.authorityKeys)) {
    const hex = authorityKeyHex(word);
    if (typeof hex !== 'string') return refuse(hex);
    if (!authorityKeys.includes(hex)) authorityKeys.push(hex);
  }
  if (authorityKeys.length === 0) return refuse({ code: 'no-authority-key' });
  const witnesses = words(input.witnesses);
  const quorumText = input.quorum.trim();
  if (witnesses.length === 0)
    return quorumText
      ? refuse({ code: 'quorum-without-witnesses' })
      : { ok: true, pins: { authorityKeys, witnesses, quorum: null } };
  if (!quorumText) return refuse({ code: 'quorum-missing' });
  const quorum = /^[1-9]\d{0,2}$/.test(quorumText) ? Number(quorumText) : NaN;
  try {
    parseWitnessPolicy(witnesses, quorum);
  } catch (error) {
    if (!(error instanceof WitnessPolicyError)) throw error;
    if (error.problem === 'not-witness-key')
      return refuse({ code: 'witness-key', value: error.vkey ?? '' });
    if (error.problem === 'witness-twice') return refuse({ code: 'witness-twice' });
    return refuse({ code: 'quorum-range', max: witnesses.length });
  }
  return { ok: true, pins: { authorityKeys, witnesses, quorum } };
}

/** A hex key as is, a vkey's key as hex, or what is wrong with the word. */
function authorityKeyHex(word: string): string | PinProblem {
  if (HEX_KEY.test(word)) return word;
  const vkey = parseVerifierKey(word);
  if (vkey === undefined) return { code: 'authority-key', value: word };
  if (vkey.type !== NoteSignatureType.ed25519)
    return { code: 'authority-key-is-witness', value: word };
  return toHex(vkey.publicKey);
}

/** Pins as a verifier uses them: keys by key id, and the witness policy if one is pinned. */
export function trustOf(pins: Pins): { keys: Map<string, Uint8Array>; policy?: WitnessPolicy } {
  const keys = new Map(pins.authorityKeys.map((hex) => [keyId(fromHex(hex)), fromHex(hex)]));
  return pins.quorum === null
    ? { keys }
    : { keys, policy: parseWitnessPolicy(pins.witnesses, pins.quorum) };
}

/** A witness vkey in its one canonical spelling, so two policies can be compared as text. */
export function canonicalVkey(vkey: string): string | undefined {
  const key = parseVerifierKey(vkey);
  return key && formatVerifierKey(key);
}
