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
import { awaitedAnswer, waitMilliseconds } from '../awaited-answer';
import { printJson } from '../output';
import { invoiceNumberArgument } from './invoice-number';
import {
  type DirectoryOutcome,
  type SignatureVerdict,
  merchantSignatures,
} from './merchant-signatures';

interface VerifyFlags {
  authorityKey?: string;
  wait: string;
  witness?: string[];
  quorum?: string;
}

export function verifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      "check the invoice's ledger entries offline against the tax authority's key, and the merchant's signature on each against the merchant's key directory (GET /merchants/{taxId}/keys, proven the same way)",
    )
    .argument('<number>', 'invoice number', invoiceNumberArgument)
    .option(
      '--authority-key <hex>',
      'tax authority ed25519 public key (env TAXCHAIN_AUTHORITY_KEY)',
    )
    .option(
      '--wait <seconds>',
      'how long to wait for a checkpoint to cover new entries (and new key entries)',
      '15',
    )
    .option('--witness <vkey...>', "a trusted witness's vkey (docs/witness.md); repeat for each")
    .option(
      '--quorum <k>',
      'cosignatures by those witnesses a checkpoint needs (default: all of them)',
    )
    .action(async (number: string, flags: VerifyFlags, command: Command) => {
      const authority = authorityKeys(flags.authorityKey ?? process.env.TAXCHAIN_AUTHORITY_KEY);
      const policy = witnessPolicy(flags);
      const waitMs = waitMilliseconds(flags.wait);
      const client = apiClient(cliOptions(command));
      const check = (listed: ListedEntry, i: number, entries: ListedEntry[]) =>
        verifyListedEntry(number, listed, entries[i - 1], authority, { policy });
      const answer = await checkpointed(client, number, waitMs, check);
      const proof = provenAnswer(number, answer);
      if (proof.entries.length === 0) {
        printJson({ invoiceNumber: number, verified: false, entries: [] });
        throw new CliError(ExitCode.VerificationFailed, 'no ledger entries');
      }
      const signatures = await merchantSignatures(
        client,
        proof.entries,
        { authority, policy },
        waitMs,
      );
      const results = proof.entries.map((listed, i, entries) => ({
        seq: listed.entry.seq,
        kind: listed.entry.kind,
        entryHash: listed.entry.entryHash,
        checkpointSize: checkpointSize(listed),
        ...check(listed, i, entries),
        merchantSignature: signatures.verdicts[i],
      }));
      const failure = failureOf(results, signatures.directory);
      printJson({
        invoiceNumber: number,
        chain: proof.entries[0].entry.chain,
        verified: failure === undefined,
        keyDirectory: signatures.directory,
        entries: results,
      });
      if (failure) throw failure;
    });
}

interface EntryResult {
  seq: number;
  kind: string;
  ok: boolean;
  merchantSignature: SignatureVerdict;
}

/** Why the invoice is not verified, as the error it exits with; undefined when it is. */
function failureOf(
  results: EntryResult[],
  directory: DirectoryOutcome | undefined,
): CliError | undefined {
  if (!results.every((result) => result.ok))
    return new CliError(ExitCode.VerificationFailed, 'a proof does not verify');
  if (directory?.ok === false) return directoryError(directory);
  const unsigned = results.find((result) => result.merchantSignature?.ok === false);
  return unsigned
    ? new CliError(
        ExitCode.VerificationFailed,
        `a merchant signature does not verify: seq ${unsigned.seq} ${unsigned.kind}: ${signatureReason(unsigned.merchantSignature)}`,
      )
    : undefined;
}

/** The merchant's key directory could not be read (exit 1) or does not verify (exit 3). */
function directoryError(directory: Extract<DirectoryOutcome, { ok: false }>): CliError {
  return directory.reason === 'refused'
    ? new CliError(
        ExitCode.Refused,
        `the merchant's signatures are not checked: the key directory of ${directory.taxId} is refused: ${directory.message}`,
      )
    : new CliError(
        ExitCode.VerificationFailed,
        `the merchant's signatures are not checked: the key directory of ${directory.taxId} does not verify: ${directory.message}`,
      );
}

function signatureReason(verdict: SignatureVerdict | undefined): string {
  if (!verdict || verdict.ok) return 'unknown';
  return verdict.proof ? `${verdict.reason} (${verdict.proof})` : verdict.reason;
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
 * The answer, asked again until a checkpoint covers every entry (and, under a witness policy, a
 * quorum cosigned it: cosignatures follow the checkpoint within seconds) or the wait is over. An
 * answer that is no invoice proof is returned at once: waiting does not mend it.
 */
function checkpointed(
  client: ApiClient,
  number: string,
  waitMs: number,
  check: (
    listed: ListedEntry,
    i: number,
    entries: ListedEntry[],
  ) => { ok: boolean; reason?: string },
): Promise<UntrustedAnswer> {
  return awaitedAnswer(client, `/invoices/${number}/proof`, waitMs, (answer) => {
    if (!answer.readable || !isInvoiceProofAnswer(answer.body)) return undefined;
    const { pending, entries } = answer.body;
    if (pending) return 'the next checkpoint';
    const quorate = entries.every((...at) => check(...at).reason !== 'below-quorum');
    return quorate ? undefined : 'witness cosignatures';
  });
}
