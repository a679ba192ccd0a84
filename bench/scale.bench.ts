import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Checkpointer, fromHex, keyId, nativeEd25519, type SigningKey } from '@taxchain/ledger';
import { PlatformCluster } from '../scripts/infra/platform-cluster';
import type { ServiceName } from '../scripts/infra/service-process';
import { createLoadParties } from '../scripts/load/load-parties';
import { percentiles, type Percentiles } from '../scripts/load/percentiles';
import { seedInvoices } from './invoice-seed';
import { INVOICE_SELECT } from '../apps/issuing/src/invoices/invoice-record';
import { OWN_INVOICE } from '../apps/issuing/src/invoices/invoices.repository';

export interface ScaleResult {
  invoices: number;
  databaseBytes: number;
  bytesPerMillion: number;
  seedSeconds: number;
  /** Every entry of every chain, as the audit service's start-up pass verified them. */
  chainVerified: { chains: number; entries: number; ok: boolean };
  /**
   * The restarted audit service verifies every chain from genesis before it trusts its tail
   * (seconds it took); look-ups are timed after it, in the steady state users meet.
   */
  auditStartupSeconds: number;
  /** The issuing look-up's own SQL statement timed over a bare connection: the floor. */
  rawLookup?: Percentiles;
  /** Latency in ms of each look-up, made one at a time; failures are answers that were wrong. */
  lookups: Record<string, Percentiles & { failures: number; firstFailure?: string }>;
}

interface Sampled {
  invoice_number: string;
  check_code: string;
  seller_tax_id: string;
  buyer_tax_id: string;
}

/**
 * Scale: `invoices` seeded through the bulk path into the platform's database, the chain
 * verified, then the look-ups users make timed against the running services: a merchant's
 * GET /invoices/:number, a company's verify, officials' search and aggregates.
 */
export async function scaleBench(
  adminUrl: string,
  plan: { invoices: number; lookups: number },
  progress: (done: number, total: number, step: string) => void,
): Promise<ScaleResult> {
  const cluster = await PlatformCluster.start({
    adminUrl,
    kafkaBrokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    env: { LOG_LEVEL: 'warn', RATE_LIMIT_PER_SECOND: '1000000', RATE_LIMIT_BURST: '1000000' },
  });
  const db = await new DataSource({ type: 'postgres', url: cluster.databaseUrl }).initialize();
  try {
    const parties = await createLoadParties(cluster.databaseUrl, cluster.urls('issuing')[0], {
      merchants: 50,
      buyers: 200,
    });
    const names = [...new Set(cluster.instances.map((i) => i.name))];
    await Promise.all(cluster.instances.map((i) => i.stop()));
    const started = Date.now();
    await seedInvoices(
      db,
      {
        merchants: parties.merchants.map((m) => m.signer),
        buyerTaxIds: parties.buyers.map((b) => b.taxId),
      },
      plan.invoices,
      (done) => progress(done, plan.invoices, 'seeding'),
    );
    const seedSeconds = (Date.now() - started) / 1_000;
    const sealed = await sealCheckpoints(db, cluster.env.AUTHORITY_KEY ?? '');
    await Promise.all(names.map((name: ServiceName) => cluster.startInstance(name)));
    const audited = await auditVerdict(cluster.urls('audit')[0], sealed, (seconds) =>
      progress(Math.round(seconds), 0, "audit's start-up verification (s)"),
    );
    const [{ size }] = await db.query<Array<{ size: string }>>(
      'SELECT pg_database_size(current_database()) AS size',
    );
    // Spread over the whole table (and so over every day and every page), not one hot range.
    const draw = () =>
      db.query<Sampled[]>(
        `SELECT invoice_number, check_code, seller_tax_id, buyer_tax_id
           FROM issuing.invoices TABLESAMPLE BERNOULLI ($1) LIMIT $2`,
        [Math.min(100, (300 * plan.lookups) / plan.invoices), plan.lookups],
      );
    // Two samples: the baseline must not warm the pages the services then read.
    const [sample, rawSample] = [await draw(), await draw()];
    const merchantToken = new Map(parties.merchants.map((m) => [m.signer.taxId, m.token]));
    const buyerToken = new Map(parties.buyers.map((b) => [b.taxId, b.token]));
    const url = (name: ServiceName) => cluster.urls(name)[0];
    const lookups: ScaleResult['lookups'] = {};
    let rawLookup: Percentiles | undefined;
    const time = async (
      label: string,
      requests: Array<{ path: string; token: string; ok: (body: unknown) => boolean }>,
    ) => {
      const latencies: number[] = [];
      let failures = 0;
      let firstFailure: string | undefined;
      // One discarded request first: the services were just restarted, and the first request of
      // a kind pays for connections, plans and JIT that no later one does.
      await fetch(requests[0].path, { headers: { authorization: `Bearer ${requests[0].token}` } });
      for (const [k, request] of requests.entries()) {
        progress(k, requests.length, label);
        const began = performance.now();
        const response = await fetch(request.path, {
          headers: { authorization: `Bearer ${request.token}` },
        });
        const body: unknown = await response.json();
        latencies.push(performance.now() - began);
        if (response.status === 200 && request.ok(body)) continue;
        failures += 1;
        firstFailure ??= `${response.status} ${JSON.stringify(body).slice(0, 300)}`;
      }
      lookups[label] = { ...percentiles(latencies), failures, firstFailure };
    };
    // The baseline: the statement the issuing service runs for it, over one bare connection.
    const raw = new Client({ connectionString: cluster.databaseUrl });
    await raw.connect();
    try {
      const latencies: number[] = [];
      for (const s of rawSample) {
        const began = performance.now();
        await raw.query(`${INVOICE_SELECT} WHERE ${OWN_INVOICE}`, [
          s.invoice_number,
          s.seller_tax_id,
        ]);
        latencies.push(performance.now() - began);
      }
      rawLookup = percentiles(latencies);
    } finally {
      await raw.end();
    }
    await time(
      'issuing GET /invoices/:number',
      sample.map((s) => ({
        path: `${url('issuing')}/invoices/${s.invoice_number}`,
        token: merchantToken.get(s.seller_tax_id) ?? '',
        ok: (body) => (body as { invoiceNumber?: string }).invoiceNumber === s.invoice_number,
      })),
    );
    await time(
      'reimbursement verify',
      sample.map((s) => ({
        path: `${url('reimbursement')}/invoices/${s.invoice_number}?checkCode=${s.check_code}`,
        token: buyerToken.get(s.buyer_tax_id) ?? '',
        ok: (body) => {
          const v = body as { merchantSignature?: string; chain?: string };
          return v.merchantSignature === 'valid' && v.chain === 'valid';
        },
      })),
    );
    const official = (path: string) => ({
      path: `${url('audit')}${path}`,
      token: parties.official,
      ok: () => true,
    });
    // Each kind of search on its own line: they use different indexes (or none).
    const searches = sample.slice(0, Math.min(30, sample.length));
    await time(
      'audit search by seller',
      searches.map((s) => official(`/invoices?seller=${s.seller_tax_id}&limit=50`)),
    );
    await time(
      'audit search by buyer and amount',
      searches.map((s) => official(`/invoices?buyer=${s.buyer_tax_id}&minGross=5000&limit=50`)),
    );
    await time(
      'audit search by name and tax rate',
      searches.map(() => official('/invoices?name=Tea&taxRate=0.09&limit=50')),
    );
    // The same searches where nothing matches: the scan in recording order reads every
    // candidate row, so these are the worst case unless an index finds the few.
    await time(
      'audit search by a name nobody has',
      searches.map(() => official('/invoices?name=Lotus&limit=50')),
    );
    await time(
      'audit search by buyer above any amount',
      searches.map((s) =>
        official(`/invoices?buyer=${s.buyer_tax_id}&minGross=100000000&limit=50`),
      ),
    );
    await time(
      'audit aggregates (whole year)',
      ['day', 'seller', 'buyer', 'rate', 'region'].flatMap((by) =>
        Array.from({ length: 4 }, () => official(`/aggregates?by=${by}`)),
      ),
    );
    return {
      invoices: plan.invoices,
      databaseBytes: Number(size),
      bytesPerMillion: (Number(size) * 1_000_000) / plan.invoices,
      seedSeconds,
      chainVerified: audited.chainVerified,
      auditStartupSeconds: audited.seconds,
      rawLookup,
      lookups,
    };
  } finally {
    await db.destroy();
    await cluster.close();
  }
}

/** Seals a checkpoint on every chain with the authority's key: its size, per chain. */
async function sealCheckpoints(db: DataSource, authorityHex: string): Promise<number[]> {
  const secret = fromHex(authorityHex);
  const publicKey = nativeEd25519.publicKeyOf(secret);
  const key: SigningKey = {
    keyId: keyId(publicKey),
    publicKey,
    sign: (message) => nativeEd25519.sign(message, secret),
  };
  const [{ chains }] = await db.query<Array<{ chains: number }>>(
    'SELECT chains FROM ledger.settings',
  );
  const sizes: number[] = [];
  for (let chain = 0; chain < chains; chain += 1)
    sizes.push((await new Checkpointer(db, chain, key).seal()) ?? 0);
  return sizes;
}

interface AuditHealth {
  details?: {
    verification?: {
      brokenChains?: number[];
      lastVerified?: Array<{ chain: number; size: number }>;
    };
  };
}

/**
 * The restarted audit service's first pass verifies every chain from genesis with the ledger's
 * verifier (every hash, link and signature, and the sealed checkpoints' roots) before it trusts
 * its tail. Waits for that pass to settle every chain, intact or broken, and reads its verdict
 * from /health: valid when no chain is broken and each was verified up to its sealed checkpoint.
 */
async function auditVerdict(
  auditUrl: string,
  sealed: number[],
  progress: (seconds: number) => void,
): Promise<{ seconds: number; chainVerified: ScaleResult['chainVerified'] }> {
  const started = Date.now();
  for (;;) {
    const health = (await (await fetch(`${auditUrl}/health`)).json()) as AuditHealth;
    const broken = health.details?.verification?.brokenChains ?? [];
    const verified = health.details?.verification?.lastVerified ?? [];
    const seconds = (Date.now() - started) / 1_000;
    progress(seconds);
    if (broken.length + verified.length >= sealed.length)
      return {
        seconds,
        chainVerified: {
          chains: sealed.length,
          entries: verified.reduce((sum, v) => sum + v.size, 0),
          ok: broken.length === 0 && verified.every((v) => v.size === sealed[v.chain]),
        },
      };
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
