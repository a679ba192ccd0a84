import type { Command } from 'commander';
import type { ProvenKey } from '@taxchain/ledger/checkpoint/key-directory-proof';
import { authorityKeys } from '../authority-keys';
import { waitMilliseconds } from '../awaited-answer';
import { CliError, ExitCode } from '../cli-error';
import { apiClient, cliOptions } from '../cli-options';
import { fetchProvenDirectory } from '../merchant-directory';
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
      "a merchant's keys and their validity, verified against the tax authority's key (company or official token; a merchant's for its own)",
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
      const waitMs = waitMilliseconds(flags.wait);
      const client = apiClient(cliOptions(command));
      const proven = await fetchProvenDirectory(client, taxId, { authority }, waitMs);
      if (!proven.ok)
        throw new CliError(
          ExitCode.VerificationFailed,
          `the key directory does not verify: ${proven.message}`,
        );
      const { answer: directory, verdict } = proven;
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
