import type { Command } from 'commander';
import {
  type KeyDirectoryAnswer,
  type ProvenKey,
  verifyKeyDirectory,
} from '@taxchain/ledger/checkpoint/key-directory-proof';
import type { UntrustedAnswer } from '../api-client';
import { authorityKeys } from '../authority-keys';
import { CliError, ExitCode } from '../cli-error';
import { apiClient, cliOptions } from '../cli-options';
import { note, printJson } from '../output';

interface KeysFlags {
  authorityKey?: string;
  wait: string;
  json?: boolean;
}

export function keysCommand(program: Command): void {
  program
    .command('keys')
    .description(
      "a merchant's keys and their validity, verified against the tax authority's key (company or official token)",
    )
    .argument('<taxId>', "the merchant's tax ID")
    .option(
      '--authority-key <hex>',
      'tax authority ed25519 public key (env TAXCHAIN_AUTHORITY_KEY)',
    )
    .option('--wait <seconds>', 'how long to wait for a checkpoint to cover new key entries', '15')
    .option('--json', 'print the verified keys and the whole directory answer as JSON')
    .action(async (taxId: string, flags: KeysFlags, command: Command) => {
      const authority = authorityKeys(flags.authorityKey ?? process.env.TAXCHAIN_AUTHORITY_KEY);
      const waitMs = Number(flags.wait) * 1000;
      if (!Number.isFinite(waitMs) || waitMs < 0) throw CliError.badInput('--wait must be seconds');
      const client = apiClient(cliOptions(command));
      const path = `/merchants/${encodeURIComponent(taxId)}/keys`;
      const deadline = Date.now() + waitMs;
      let answer = await client.untrusted(path);
      while (isPending(answer) && Date.now() < deadline) {
        note('waiting for the next checkpoint…');
        await new Promise((resolve) => setTimeout(resolve, 500));
        answer = await client.untrusted(path);
      }
      if (!answer.readable)
        throw new CliError(
          ExitCode.VerificationFailed,
          `the key directory does not verify: ${answer.reason} (${answer.detail})`,
        );
      const directory = answer.body as KeyDirectoryAnswer;
      const verdict = verifyKeyDirectory(taxId, directory, authority);
      if (!verdict.ok) {
        const proof = verdict.proof ? ` (${verdict.proof})` : '';
        const key = verdict.keyId ? `key ${verdict.keyId}: ` : '';
        throw new CliError(
          ExitCode.VerificationFailed,
          `the key directory does not verify: ${key}${verdict.reason}${proof}`,
        );
      }
      if (directory.pending === true)
        note('newer key entries await the next checkpoint: not shown yet');
      if (flags.json)
        return printJson({
          taxId,
          verified: true,
          pending: directory.pending,
          keys: verdict.keys,
          directory,
        });
      process.stdout.write(
        [
          `merchant ${taxId}: ${verdict.keys.length} key(s), every entry proven under the tax authority's checkpoints`,
          ...verdict.keys.map(keyLine),
        ].join('\n') + '\n',
      );
    });
}

function keyLine(key: ProvenKey): string {
  const at = ({ chain, seq, recordedAt }: ProvenKey['validFrom']) =>
    `${recordedAt} (chain ${chain} seq ${seq})`;
  const until = key.validUntil
    ? `revoked  valid ${at(key.validFrom)} until ${at(key.validUntil)}`
    : `active   valid since ${at(key.validFrom)}`;
  return `${key.keyId} ${until}; public key ${key.publicKey}`;
}

/** A readable answer that says newer key entries await a checkpoint. */
function isPending(answer: UntrustedAnswer): boolean {
  const body = answer.readable ? answer.body : undefined;
  return typeof body === 'object' && body !== null && 'pending' in body && body.pending === true;
}
