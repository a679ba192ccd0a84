import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { DataSource } from 'typeorm';
import { ensurePostgres, platformDatabaseUrl } from './infra/postgres';
import { dataDir } from './infra/paths';
import { createDemoAccess, type DemoAccess } from './seed/demo-access';
import { demoCast, seededRandom, type CastMember } from './seed/demo-cast';
import { seedDemo, type SeedCounts } from './seed/seed-demo';

const log = (line: string) => process.stdout.write(`${line}\n`);

export interface SeedOptions {
  invoices: number;
  issuingUrl: string;
  reimbursementUrl: string;
  databaseUrl: string;
  /** Where demo.json and demo-invoice.json go (default .data/). */
  saveDir?: string;
}

/**
 * `npm run seed -- --invoices N`: demo parties, credentials, keys and activity, through the
 * running services' APIs. Credentials are kept in .data/demo.json (readable by its owner only).
 */
export async function seed(options: SeedOptions): Promise<DemoAccess & { counts: SeedCounts }> {
  const random = seededRandom(Date.now());
  const cast = demoCast(random);
  const db = await new DataSource({ type: 'postgres', url: options.databaseUrl }).initialize();
  let access: DemoAccess;
  try {
    access = await createDemoAccess(db, [...cast.merchants, ...cast.companies, ...cast.ring]);
  } finally {
    await db.destroy();
  }
  const counts = await seedDemo(cast, access, options, options.invoices, random);
  log(
    `demo data: ${counts.invoices} invoices, ${counts.claims} claims (${counts.completed} reimbursed, ` +
      `${counts.refused} repeat claims refused), ${counts.voided} voided, ${counts.credited} credited`,
  );
  save(options.saveDir ?? dataDir, access, cast);
  return { ...access, counts };
}

function save(
  dir: string,
  access: DemoAccess,
  cast: { merchants: CastMember[]; companies: CastMember[] },
): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, 'demo.json'), `${JSON.stringify({ ...access, cast }, null, 2)}\n`, {
    mode: 0o600,
  });
  // An invoice file for the CLI walk-through that `npm start` prints.
  const [seller] = cast.merchants;
  const [buyer] = cast.companies;
  const example = {
    seller: { taxId: seller.taxId, name: seller.name },
    buyer: { taxId: buyer.taxId, name: buyer.name },
    documentNumber: `CLI-${Date.now()}`,
    issueDate: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
    currency: 'CNY',
    lines: [
      { description: '*茶*武夷岩茶 250 g', quantity: '2', unitPrice: '88.00', taxRate: '0.13' },
    ],
  };
  writeFileSync(resolve(dir, 'demo-invoice.json'), `${JSON.stringify(example, null, 2)}\n`);
}

/** The demo credentials of an earlier `npm start`, if any. */
export function savedDemo(): DemoAccess | undefined {
  const file = resolve(dataDir, 'demo.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoAccess) : undefined;
}

if (require.main === module) {
  const options = new Command('seed')
    .option('--invoices <n>', 'how many invoices', '3000')
    .option('--issuing-url <url>', 'issuing service', 'http://127.0.0.1:3001')
    .option('--reimbursement-url <url>', 'reimbursement service', 'http://127.0.0.1:3002')
    .parse()
    .opts<{ invoices: string; issuingUrl: string; reimbursementUrl: string }>();
  void (async () => {
    const postgres = await ensurePostgres(log);
    try {
      const databaseUrl = await platformDatabaseUrl(postgres);
      await seed({ ...options, invoices: Number(options.invoices), databaseUrl });
    } finally {
      await postgres.stop?.();
    }
  })().catch((error: unknown) => {
    process.stderr.write(
      `seed failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
