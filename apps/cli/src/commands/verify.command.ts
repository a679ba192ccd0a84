import type { Command } from 'commander';
import type { LedgerEntry } from '@taxchain/ledger/ledger-entry';
import { verifyProofBundle, type ProofBundle } from '@taxchain/ledger/checkpoint/proof-bundle';
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
    .action(async (number: string, flags: VerifyFlags, command: Command) => {
      const authority = authorityKeys(flags.authorityKey ?? process.env.TAXCHAIN_AUTHORITY_KEY);
      const waitMs = Number(flags.wait) * 1000;
      if (!Number.isFinite(waitMs) || waitMs < 0) throw CliError.badInput('--wait must be seconds');
      const proof = await checkpointed(apiClient(cliOptions(command)), number, waitMs);
      const results = proof.entries.map(({ entry, proof: bundle }) => {
        // The bundle must be about the very entry listed, payload included, and check against
        // the authority key; verifyProofBundle binds the payload to its hash.
        const verdict = !bundle
          ? { ok: false as const, reason: 'not-checkpointed' }
          : !sameEntry(bundle.entry, entry)
            ? { ok: false as const, reason: 'entry-mismatch' }
            : verifyProofBundle(bundle, authority);
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

/** The proof, polled until a checkpoint covers every entry or the wait is over. */
async function checkpointed(
  client: ApiClient,
  number: string,
  waitMs: number,
): Promise<SubjectProof> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const { body } = await client.json<SubjectProof>('GET', `/invoices/${number}/proof`);
    if (!body.pending || Date.now() >= deadline) return body;
    note('waiting for the next checkpoint…');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
