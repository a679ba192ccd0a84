import cliProgress from 'cli-progress';
import type { InvoiceDocument } from '@taxchain/contracts';
import { generateSecretKey } from '@taxchain/ledger';
import { MerchantKey } from '../../apps/cli/src/key-file';
import type { CastMember } from './demo-cast';
import type { DemoAccess } from './demo-access';
import { auditCaughtUp } from './audit-caught-up';
import { chinaDate, demoInvoice } from './demo-invoices';
import { DemoClient } from './http-client';

export interface SeedTargets {
  issuingUrl: string;
  reimbursementUrl: string;
  databaseUrl: string;
}

/** How long the seed waits for the audit to see each pair's first invoice before the others. */
const AUDIT_WAIT_MS = 60_000;

export interface SeedCounts {
  invoices: number;
  claims: number;
  completed: number;
  refused: number;
  voided: number;
  credited: number;
}

interface Receipt {
  invoiceNumber: string;
  checkCode: string;
}

interface Planned {
  seller: CastMember;
  buyer: CastMember;
  date: string;
}

interface Issued extends Receipt {
  seller: CastMember;
  buyer: CastMember;
  document: InvoiceDocument;
}

const CONCURRENCY = 16;

/**
 * Demo activity through the real APIs: keys, `count` signed invoices over the past 90 days,
 * claims and reimbursements, a few refused repeat claims, voids and credit notes, one
 * circular-invoicing ring and one burst.
 */
export async function seedDemo(
  cast: { merchants: CastMember[]; companies: CastMember[]; ring: CastMember[] },
  access: DemoAccess,
  targets: SeedTargets,
  count: number,
  random: () => number,
): Promise<SeedCounts> {
  const issuing = new DemoClient(targets.issuingUrl);
  const reimbursement = new DemoClient(targets.reimbursementUrl);
  const keys = new Map<string, MerchantKey>();
  for (const merchant of [...cast.merchants, ...cast.ring]) {
    const key = MerchantKey.create(generateSecretKey(), merchant.taxId);
    const document = {
      schema: 'taxchain.key.v1',
      taxId: merchant.taxId,
      keyId: key.keyId,
      publicKey: key.file.publicKey,
    };
    await expectOk(
      issuing.post(access.merchants[merchant.taxId], '/keys', {
        publicKey: key.file.publicKey,
        signature: key.sign(document),
      }),
    );
    keys.set(merchant.taxId, key);
  }
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  // History over the 90 days before today: it is recorded within minutes, and only invoices
  // dated today are issued "now" (a burst); the detectors place the rest on their own dates.
  const plan: Planned[] = Array.from({ length: count }, () => ({
    seller: pick(cast.merchants),
    buyer: pick(cast.companies),
    date: chinaDate(1 + Math.floor(random() * 90)),
  }));
  // One ring: A → B → C → A within one day. One burst: 60 invoices from one seller today.
  const [a, b, c] = cast.ring;
  plan.push(
    { seller: a, buyer: b, date: chinaDate(3) },
    { seller: b, buyer: c, date: chinaDate(3) },
    { seller: c, buyer: a, date: chinaDate(3) },
  );
  for (let i = 0; i < 60; i += 1)
    plan.push({ seller: cast.merchants[1], buyer: pick(cast.companies), date: chinaDate(0) });
  // Each pair's first invoice is recorded before its others, and modest: a high first invoice
  // to a buyer is an anomaly the demo does not plant.
  const [opening, rest] = openingInvoices(plan);

  const bar = new cliProgress.SingleBar(
    { format: 'demo data {bar} {value}/{total} {stage}', noTTYOutput: true, notTTYSchedule: 3_000 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(plan.length, 0, { stage: 'invoices' });
  const issued: Issued[] = [];
  let numbered = 0;
  const issue =
    (modest: boolean) =>
    async ({ seller, buyer, date }: Planned) => {
      const key = keys.get(seller.taxId)!;
      const number = `DEMO-${date}-${numbered++}`;
      const document = demoInvoice(seller, buyer, date, key.keyId, random, number, modest);
      const { body } = await expectOk(
        issuing.post<Receipt>(access.merchants[seller.taxId], '/invoices', {
          invoice: document,
          signature: key.sign(document),
        }),
      );
      issued.push({ ...body, seller, buyer, document });
      bar.increment();
    };
  await inPool(opening, issue(true));
  if (!(await auditCaughtUp(targets.databaseUrl, AUDIT_WAIT_MS)))
    process.stderr.write('demo data: the audit service is not keeping up; anomalies may differ\n');
  await inPool(rest, issue(false));
  bar.stop();
  const settled = await settle(issued, access, reimbursement, random);
  const amended = await amend(
    issued.filter((i) => !settled.claimed.has(i.invoiceNumber)),
    keys,
    access,
    issuing,
    random,
  );
  return { invoices: issued.length, ...settled.counts, ...amended };
}

/** Claims about a third of the invoices, completes most, repeats a few claims, voids and credits a few. */
async function settle(
  issued: Issued[],
  access: DemoAccess,
  reimbursement: DemoClient,
  random: () => number,
) {
  const counts = { claims: 0, completed: 0, refused: 0 };
  const claimed = new Set<string>();
  const claimable = issued.filter(
    (invoice) => access.companies[invoice.buyer.taxId] && random() < 0.35,
  );
  await inPool(claimable, async (invoice) => {
    const token = access.companies[invoice.buyer.taxId];
    const claim = await reimbursement.post<{ claimId: string }>(token, '/claims', {
      invoiceNumber: invoice.invoiceNumber,
      checkCode: invoice.checkCode,
      expenseReference: `EXP-${invoice.invoiceNumber.slice(-6)}`,
    });
    if (claim.status !== 201) return;
    counts.claims += 1;
    claimed.add(invoice.invoiceNumber);
    if (random() < 0.8) {
      const done = await reimbursement.post(token, `/claims/${claim.body.claimId}/complete`, {});
      // A retried completion (the first answer lost to a 503 under load) finds it completed.
      if (!(done.retried && done.status === 409)) await expectOk(Promise.resolve(done));
      counts.completed += 1;
      if (random() < 0.05) {
        const again = await reimbursement.post(token, '/claims', {
          invoiceNumber: invoice.invoiceNumber,
          checkCode: invoice.checkCode,
        });
        if (again.status === 409) counts.refused += 1;
      }
    }
  });
  return { counts, claimed };
}

/** Voids about 2 % of the unclaimed invoices and credits half of another 2 %, signed by their merchants. */
async function amend(
  unclaimed: Issued[],
  keys: Map<string, MerchantKey>,
  access: DemoAccess,
  issuing: DemoClient,
  random: () => number,
) {
  const counts = { voided: 0, credited: 0 };
  for (const invoice of unclaimed) {
    const draw = random();
    const key = keys.get(invoice.seller.taxId)!;
    const token = access.merchants[invoice.seller.taxId];
    if (draw < 0.02) {
      const document = {
        schema: 'taxchain.void.v1',
        invoiceNumber: invoice.invoiceNumber,
        sellerTaxId: invoice.seller.taxId,
        reason: 'issued in error',
        keyId: key.keyId,
      };
      await expectOk(
        issuing.post(token, `/invoices/${invoice.invoiceNumber}/void`, {
          document,
          signature: key.sign(document),
        }),
      );
      counts.voided += 1;
    } else if (draw < 0.04) {
      const credit: InvoiceDocument = {
        ...invoice.document,
        kind: 'credit-note',
        documentNumber: `${invoice.document.documentNumber}-CR`,
        lines: invoice.document.lines.slice(0, 1),
        creditedInvoiceNumber: invoice.invoiceNumber,
      };
      credit.totals = {
        net: credit.lines[0].amount,
        tax: credit.lines[0].tax,
        gross: String(BigInt(credit.lines[0].amount) + BigInt(credit.lines[0].tax)),
      };
      await expectOk(
        issuing.post(token, `/invoices/${invoice.invoiceNumber}/credit-notes`, {
          invoice: credit,
          signature: key.sign(credit),
        }),
      );
      counts.credited += 1;
    }
  }
  return counts;
}

/** Each seller → buyer pair's earliest planned invoice, and the others. */
function openingInvoices(plan: Planned[]): [opening: Planned[], rest: Planned[]] {
  const first = new Map<string, Planned>();
  for (const planned of plan) {
    const key = `${planned.seller.taxId}>${planned.buyer.taxId}`;
    const known = first.get(key);
    if (known === undefined || planned.date < known.date) first.set(key, planned);
  }
  const opening = new Set(first.values());
  return [[...opening], plan.filter((planned) => !opening.has(planned))];
}

async function inPool<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]);
      }
    }),
  );
}

async function expectOk<T>(
  answer: Promise<{ status: number; body: T }>,
): Promise<{ status: number; body: T }> {
  const result = await answer;
  if (result.status >= 300)
    throw new Error(`demo data refused: ${result.status} ${JSON.stringify(result.body)}`);
  return result;
}
