import { LedgerKinds } from '@taxchain/contracts';
import type { ListedEntry } from '@taxchain/ledger/checkpoint/invoice-proof';
import {
  type LedgerPosition,
  verifyMerchantSignature,
} from '@taxchain/ledger/checkpoint/key-directory-proof';
import type { ApiClient } from '../api-client';
import { CliError, ExitCode } from '../cli-error';
import {
  type DirectoryTrust,
  fetchProvenDirectory,
  type ProvenDirectory,
} from '../merchant-directory';

/** The entries a merchant signs: the platform verified the signature before recording them. */
const MERCHANT_SIGNED: readonly string[] = [
  LedgerKinds.invoiceIssued,
  LedgerKinds.invoiceCredited,
  LedgerKinds.invoiceVoided,
];

/** An entry's merchant signature against the merchant's key directory; null when unsigned by kind. */
export type SignatureVerdict =
  | { ok: true; keyId: string; validFrom: LedgerPosition; validUntil: LedgerPosition | null }
  | { ok: false; reason: string; proof?: string }
  | null;

/** What became of the merchant's key directory: proven, refused by the service, or unproven. */
export type DirectoryOutcome =
  | { taxId: string; ok: true }
  | { taxId: string; ok: false; reason: string; keyId?: string; proof?: string; message: string };

export interface MerchantSignatures {
  directory?: DirectoryOutcome;
  verdicts: SignatureVerdict[];
}

/**
 * Each listed entry's merchant signature checked against the key directory of the merchant that
 * recorded the first signed entry (docs/spec/key-directory.md, "A merchant's signature"): an entry
 * by another merchant, or under a key the directory does not show valid when the ledger recorded
 * it, fails. A directory the caller may not read or that does not verify fails every signature.
 */
export async function merchantSignatures(
  client: ApiClient,
  entries: readonly ListedEntry[],
  trust: DirectoryTrust,
  waitMs: number,
): Promise<MerchantSignatures> {
  const signed = (listed: ListedEntry) => MERCHANT_SIGNED.includes(listed.entry.kind);
  const actor = entries.find(signed)?.entry.actor;
  if (actor === undefined) return { verdicts: entries.map(() => null) };
  const taxId = actor.replace(/^merchant:/, '');
  const directory = await readDirectory(client, taxId, trust, waitMs);
  const verdicts = entries.map((listed) => {
    if (!signed(listed)) return null;
    if (!directory.ok) return { ok: false as const, reason: `directory-${directory.outcome}` };
    return signatureVerdict(directory.proven, listed, trust.authority);
  });
  return { directory: directory.ok ? { taxId, ok: true } : directory.refusal, verdicts };
}

type DirectoryRead =
  | { ok: true; proven: ProvenDirectory }
  | {
      ok: false;
      outcome: 'refused' | 'unproven';
      refusal: Extract<DirectoryOutcome, { ok: false }>;
    };

async function readDirectory(
  client: ApiClient,
  taxId: string,
  trust: DirectoryTrust,
  waitMs: number,
): Promise<DirectoryRead> {
  try {
    const proven = await fetchProvenDirectory(client, taxId, trust, waitMs);
    if (proven.ok) return { ok: true, proven: proven.verdict };
    const { ok: _ok, ...refusal } = proven;
    return { ok: false, outcome: 'unproven', refusal: { taxId, ok: false, ...refusal } };
  } catch (error) {
    if (!(error instanceof CliError) || error.exitCode !== ExitCode.Refused) throw error;
    return {
      ok: false,
      outcome: 'refused',
      refusal: { taxId, ok: false, reason: 'refused', message: error.message },
    };
  }
}

function signatureVerdict(
  directory: ProvenDirectory,
  listed: ListedEntry,
  authority: ReadonlyMap<string, Uint8Array>,
): SignatureVerdict {
  if (!listed.proof) return { ok: false, reason: 'entry-unproven', proof: 'not-checkpointed' };
  const verdict = verifyMerchantSignature(directory, listed.proof, authority);
  if (!verdict.ok) return verdict;
  const key = directory.keys.find((known) => known.keyId === verdict.keyId)!;
  return { ok: true, keyId: key.keyId, validFrom: key.validFrom, validUntil: key.validUntil };
}
