import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import type { DataSource } from 'typeorm';
// Narrow imports, never the barrels: every command pays for what the CLI loads at start.
import { nativeEd25519 } from '@taxchain/ledger/crypto/native-ed25519';
import { KeyDirectory } from '@taxchain/ledger/keys/key-directory';
import { ChainVerifier, type ChainVerification } from '@taxchain/ledger/verify/chain-verifier';
import { authorityKeys } from '../authority-keys';
import { CliError, ExitCode } from '../cli-error';
import { printJson } from '../output';

interface AuditFlags {
  databaseUrl?: string;
  authorityKey?: string;
}

/**
 * `taxchain audit`: full verification of every chain straight from a database (every hash, link,
 * signature and checkpoint), for an official or an operator, with a progress bar on stderr.
 */
export function auditCommand(program: Command): void {
  program
    .command('audit')
    .description('verify every ledger chain in a database against the tax authority key')
    .option('--database-url <url>', 'PostgreSQL URL (env DATABASE_URL)')
    .option(
      '--authority-key <hex>',
      'tax authority public key(s), comma-separated (env TAXCHAIN_AUTHORITY_KEY)',
    )
    .action(async (flags: AuditFlags) => {
      const url = flags.databaseUrl ?? process.env.DATABASE_URL;
      if (!url || !/^postgres(ql)?:\/\//.test(url))
        throw CliError.badInput('pass --database-url postgres://… or set DATABASE_URL');
      const trusted = authorityKeys(flags.authorityKey ?? process.env.TAXCHAIN_AUTHORITY_KEY);
      // TypeORM takes a second to load: only this command needs it.
      const { DataSource } = await import('typeorm');
      const dataSource = await new DataSource({ type: 'postgres', url })
        .initialize()
        .catch((error: Error) => {
          throw new CliError(ExitCode.Refused, `cannot reach the database: ${error.message}`);
        });
      try {
        const results = await verifyAll(dataSource, trusted);
        printJson({ verified: results.every((r) => r.ok), chains: results });
        if (!results.every((r) => r.ok))
          throw new CliError(ExitCode.VerificationFailed, 'a chain does not verify');
      } finally {
        await dataSource.destroy();
      }
    });
}

async function verifyAll(
  dataSource: DataSource,
  trusted: ReadonlyMap<string, Uint8Array>,
): Promise<ChainVerification[]> {
  const heads = await dataSource.query<Array<{ chain: number; size: string }>>(
    'SELECT chain, seq + 1 AS size FROM ledger.heads ORDER BY chain',
  );
  const total = heads.reduce((sum, head) => sum + Number(head.size), 0);
  const bar = new cliProgress.SingleBar(
    {
      format: 'verifying {bar} {value}/{total} entries | {rate}/s | eta {eta_formatted}',
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 2_000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { rate: 0 });
  const started = Date.now();
  const verifier = new ChainVerifier(dataSource, trusted);
  const keys = await KeyDirectory.load(dataSource, nativeEd25519);
  const results: ChainVerification[] = [];
  let done = 0;
  for (const { chain } of heads) {
    const result = await verifier.verify(chain, {
      keys,
      onProgress: (p) =>
        bar.update(done + p.verified, {
          rate: Math.round(((done + p.verified) * 1000) / Math.max(1, Date.now() - started)),
        }),
    });
    done += result.verified;
    results.push(result);
  }
  bar.update(done);
  bar.stop();
  return results;
}
