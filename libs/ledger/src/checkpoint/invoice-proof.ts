import { type Ed25519Engine, nobleEd25519 } from '../crypto';
import { isNonNegativeSafeInteger } from '../crypto/guards';
import type { LedgerEntry } from '../ledger-entry';
import { type ProofBundle, type ProofBundleFailure, verifyProofBundle } from './proof-bundle';
import { type WitnessPolicy, verifyWitnessQuorum } from './witness-quorum';

/** One entry of an invoice's proof answer, with its bundle once a checkpoint covers it. */
export interface ListedEntry {
  entry: LedgerEntry;
  proof?: ProofBundle;
}

/** An invoice's ledger entries as GET /invoices/{number}/proof answers them. */
export interface InvoiceProofAnswer {
  subject: string;
  pending: boolean;
  entries: ListedEntry[];
}

/** Why a listed entry does not prove anything about the invoice asked for: the first check that failed. */
export type ListedEntryFailure =
  | 'other-invoice'
  | 'out-of-order'
  | 'not-checkpointed'
  | 'entry-mismatch'
  | ProofBundleFailure
  | 'below-quorum';

export type ListedEntryVerdict =
  | { ok: true }
  /** cosignedBy: the trusted witnesses that did cosign, on a below-quorum verdict. */
  | { ok: false; reason: ListedEntryFailure; cosignedBy?: string[] };

/** Whether `answer` has the members and types of an invoice's proof answer (bundles unchecked). */
export function isInvoiceProofAnswer(answer: unknown): answer is InvoiceProofAnswer {
  return (
    isObject(answer) &&
    typeof answer.subject === 'string' &&
    typeof answer.pending === 'boolean' &&
    Array.isArray(answer.entries) &&
    answer.entries.every(
      (listed) =>
        isObject(listed) &&
        isObject(listed.entry) &&
        (listed.proof === undefined || isObject(listed.proof)),
    )
  );
}

/**
 * Checks one listed entry of the proof of invoice `number` offline: it is about that invoice (its
 * subject, or for a credit note's own number the invoice.credited entry naming it), follows the
 * previous listed entry on its chain, and its bundle is about this very entry and verifies against
 * the authority keys (and the witness policy, if any). A genuine bundle of another invoice, or of
 * another entry, verifies on its own: only these checks tie it to the question asked. Never throws.
 */
export function verifyListedEntry(
  number: string,
  listed: ListedEntry,
  previous: ListedEntry | undefined,
  authorityKeys: ReadonlyMap<string, Uint8Array>,
  options: { policy?: WitnessPolicy; engine?: Ed25519Engine } = {},
): ListedEntryVerdict {
  const fail = (reason: ListedEntryFailure): ListedEntryVerdict => ({ ok: false, reason });
  const { entry, proof: bundle } = listed;
  if (typeof entry.subject !== 'string' || typeof entry.kind !== 'string')
    return fail('entry-malformed');
  if (!isAbout(entry, number)) return fail('other-invoice');
  if (previous && !follows(entry, previous.entry)) return fail('out-of-order');
  if (!bundle) return fail('not-checkpointed');
  if (!isObject(bundle.entry) || !sameEntry(bundle.entry, entry)) return fail('entry-mismatch');
  const proven = verifyProofBundle(bundle, authorityKeys, options.engine ?? nobleEd25519);
  if (!proven.ok) return proven;
  const quorum = options.policy && verifyWitnessQuorum(bundle, options.policy);
  return !quorum || quorum.ok ? { ok: true } : quorum;
}

/** The entry records invoice `number`: its subject, or the invoice.credited entry of credit note `number`. */
function isAbout(entry: LedgerEntry, number: string): boolean {
  if (entry.subject === number) return true;
  return entry.kind === 'invoice.credited' && payloadMember(entry, 'creditNoteNumber') === number;
}

/** One subject's entries share a chain, in ledger order, each once. */
function follows(entry: LedgerEntry, previous: LedgerEntry): boolean {
  return (
    isNonNegativeSafeInteger(entry.seq) &&
    entry.chain === previous.chain &&
    entry.seq > previous.seq
  );
}

const HASHED_AND_LISTED = [
  'chain',
  'seq',
  'prevHash',
  'entryHash',
  'kind',
  'subject',
  'actor',
  'payload',
  'payloadHash',
  'actorSignature',
  'recordedAt',
  'identity',
] as const;

/** The bundle is about the very entry listed, payload included. */
function sameEntry(bundled: Record<string, unknown>, listed: LedgerEntry): boolean {
  return HASHED_AND_LISTED.every((field) => bundled[field] === listed[field]);
}

/** A member of the entry's payload, undefined when the payload is no JSON object. */
function payloadMember(entry: LedgerEntry, member: string): unknown {
  try {
    const payload: unknown = JSON.parse(entry.payload);
    return isObject(payload) ? payload[member] : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
