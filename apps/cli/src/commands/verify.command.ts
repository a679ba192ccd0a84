import type { Command } from 'commander';
import type { LedgerEntry } from '@taxchain/ledger/ledger-entry';
import { verifyProofBundle, type ProofBundle } from '@taxchain/ledger/checkpoint/proof-bundle';
import {
  type WitnessPolicy,
  parseWitnessPolicy,
  verifyWitnessQuorum,
} from '@taxchain/ledger/checkpoint/witness-quorum';
import type { ApiClient } from '../api-client';
import { authorityKeys } from '../authority-keys';
import { CliError, ExitCode } from '../cli-error';
import { apiClient, cliOptions } from '../cli-options';
import { note, printJson } from '../output';
import { invoiceNumberArgument } from './invoice-number';

interface SubjectProof {
  subject: string;
  pending: boolean;
  entries: Array<{ entry: LedgerEntry; proof?: ProofBundle }>;
}

interface VerifyFlags {
  authorityKey?: string;
  wait: string;
  witness?: string[];
  quorum?: string;
}

export function verifyCommand(program: Command): void {
  program
    .command('verify')
    .description("check the invoice's ledger entries offline against the tax authority's key")
    .argument('<number>', 'invoice number', invoiceNumberArgument)
    .option(
      '--authority-key <hex>',
      'tax authority ed25519 public key (env TAXCHAIN_AUTHORITY_KEY)',
    )
    .option('--wait <seconds>', 'how long to wait for a checkpoint to cover new entries', '15')
    .option('--witness <vkey...>', "a trusted witness's vkey (docs/witness.md); repeat for each")
    .option(
      '--quorum <k>',
      'cosignatures by those witnesses a checkpoint needs (default: all of them)',
    )
    .action(async (number: string, flags: VerifyFlags, command: Command) => {
      const authority = authorityKeys(flags.authorityKey ?? process.env.TAXCHAIN_AUTHORITY_KEY);
      const policy = witnessPolicy(flags);
      const waitMs = Number(flags.wait) * 1000;
      if (!Number.isFinite(waitMs) || waitMs < 0) throw CliError.badInput('--wait must be seconds');
      const proof = await checkpointed(apiClient(cliOptions(command)), number, waitMs, policy);
      const results = proof.entries.map(({ entry, proof: bundle }) => {
        // The bundle must be about the very entry listed, payload included, and check against
        // the authority key; verifyProofBundle binds the payload to its hash.
        const verdict = !bundle
          ? { ok: false as const, reason: 'not-checkpointed' }
          : !sameEntry(bundle.entry, entry)
            ? { ok: false as const, reason: 'entry-mismatch' }
            : checkBundle(bundle, authority, policy);
        return {
          seq: entry.seq,
          kind: entry.kind,
          entryHash: entry.entryHash,
          checkpointSize: bundle?.checkpoint.size ?? null,
          ...verdict,
        };
      });
      const verified = results.every((result) => result.ok);
      printJson({
        invoiceNumber: number,
        chain: proof.entries[0]?.entry.chain,
        verified,
        entries: results,
      });
      if (proof.entries.length === 0)
        throw new CliError(ExitCode.VerificationFailed, 'no ledger entries');
      if (!verified) throw new CliError(ExitCode.VerificationFailed, 'a proof does not verify');
    });
}

const LISTED_FIELDS = [
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

function sameEntry(bundled: ProofBundle['entry'], listed: LedgerEntry): boolean {
  return LISTED_FIELDS.every((field) => bundled[field] === listed[field]);
}

/** `--witness <vkey>… --quorum k`: undefined when no witness is given. */
function witnessPolicy(flags: VerifyFlags): WitnessPolicy | undefined {
  if (!flags.witness?.length) {
    if (flags.quorum !== undefined) throw CliError.badInput('--quorum needs --witness');
    return undefined;
  }
  const quorum = flags.quorum === undefined ? undefined : Number(flags.quorum);
  try {
    return parseWitnessPolicy(flags.witness, quorum);
  } catch (error) {
    throw CliError.badInput(`--witness/--quorum: ${(error as Error).message}`);
  }
}

/** The bundle checked against the authority key, then against the witness policy if any. */
function checkBundle(
  bundle: ProofBundle,
  authority: Map<string, Uint8Array>,
  policy?: WitnessPolicy,
) {
  const verdict = verifyProofBundle(bundle, authority);
  if (!verdict.ok || !policy) return verdict;
  return verifyWitnessQuorum(bundle, policy);
}

/**
 * The proof, polled until a checkpoint covers every entry (and, under a witness policy, a quorum
 * cosigned it: cosignatures follow the checkpoint within seconds) or the wait is over.
 */
async function checkpointed(
  client: ApiClient,
  number: string,
  waitMs: number,
  policy?: WitnessPolicy,
): Promise<SubjectProof> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const { body } = await client.json<SubjectProof>('GET', `/invoices/${number}/proof`);
    const quorate = body.entries.every(
      ({ proof }) => !policy || !proof || verifyWitnessQuorum(proof, policy).ok,
    );
    if ((!body.pending && quorate) || Date.now() >= deadline) return body;
    note(body.pending ? 'waiting for the next checkpoint…' : 'waiting for witness cosignatures…');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
