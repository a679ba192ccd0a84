import type { Command } from 'commander';
import {
  type InvoiceProofAnswer,
  type ListedEntry,
  isInvoiceProofAnswer,
  verifyListedEntry,
} from '@taxchain/ledger/checkpoint/invoice-proof';
import { type WitnessPolicy, parseWitnessPolicy } from '@taxchain/ledger/checkpoint/witness-quorum';
import type { ApiClient, UntrustedAnswer } from '../api-client';
import { authorityKeys } from '../authority-keys';
import { CliError, ExitCode } from '../cli-error';
import { apiClient, cliOptions } from '../cli-options';
import { note, printJson } from '../output';
import { invoiceNumberArgument } from './invoice-number';

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
      const check = (listed: ListedEntry, i: number, entries: ListedEntry[]) =>
        verifyListedEntry(number, listed, entries[i - 1], authority, { policy });
      const answer = await checkpointed(apiClient(cliOptions(command)), number, waitMs, check);
      const proof = provenAnswer(number, answer);
      const results = proof.entries.map((listed, i, entries) => ({
        seq: listed.entry.seq,
        kind: listed.entry.kind,
        entryHash: listed.entry.entryHash,
        checkpointSize: checkpointSize(listed),
        ...check(listed, i, entries),
      }));
      const verified = results.length > 0 && results.every((result) => result.ok);
      printJson({
        invoiceNumber: number,
        chain: proof.entries[0]?.entry.chain,
        verified,
        entries: results,
      });
      if (results.length === 0)
        throw new CliError(ExitCode.VerificationFailed, 'no ledger entries');
      if (!verified) throw new CliError(ExitCode.VerificationFailed, 'a proof does not verify');
    });
}

/** The answer as an invoice proof about `number`, or a refusal naming why it is none (exit 3). */
function provenAnswer(number: string, answer: UntrustedAnswer): InvoiceProofAnswer {
  const refuse = (reason: string, message: string): never => {
    printJson({ invoiceNumber: number, verified: false, reason });
    throw new CliError(ExitCode.VerificationFailed, `the answer is refused: ${message}`);
  };
  if (!answer.readable) return refuse(answer.reason, answer.detail);
  const { body } = answer;
  if (!isInvoiceProofAnswer(body))
    return refuse(
      'malformed',
      'it is not an invoice proof (a member is missing or of the wrong type)',
    );
  if (body.subject !== number)
    return refuse('other-invoice', `it is the proof of ${body.subject}, not of ${number}`);
  return body;
}

/** The size of the checkpoint a listed entry's bundle names, whatever the bundle holds. */
function checkpointSize(listed: ListedEntry): unknown {
  const checkpoint: unknown = listed.proof?.checkpoint;
  return typeof checkpoint === 'object' && checkpoint !== null && 'size' in checkpoint
    ? checkpoint.size
    : null;
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

/**
 * The answer, polled until a checkpoint covers every entry (and, under a witness policy, a quorum
 * cosigned it: cosignatures follow the checkpoint within seconds) or the wait is over. An answer
 * that is no invoice proof is returned at once: waiting does not mend it.
 */
async function checkpointed(
  client: ApiClient,
  number: string,
  waitMs: number,
  check: (
    listed: ListedEntry,
    i: number,
    entries: ListedEntry[],
  ) => { ok: boolean; reason?: string },
): Promise<UntrustedAnswer> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const answer = await client.untrusted(`/invoices/${number}/proof`);
    if (!answer.readable || !isInvoiceProofAnswer(answer.body)) return answer;
    const { pending, entries } = answer.body;
    const quorate = entries.every((...at) => check(...at).reason !== 'below-quorum');
    if ((!pending && quorate) || Date.now() >= deadline) return answer;
    note(pending ? 'waiting for the next checkpoint…' : 'waiting for witness cosignatures…');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
