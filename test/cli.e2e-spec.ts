import { Client } from 'pg';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { generateSecretKey, nobleEd25519, toHex } from '@taxchain/ledger';
import { createServiceApp } from '@taxchain/platform';
import {
  GivenAccess,
  createTestDatabase,
  testConfig,
  type TestDatabase,
} from '@taxchain/platform/testing';
import { issuingService } from '../apps/issuing/src/issuing.service-definition';

const cli = resolve(__dirname, '../dist/apps/cli/src/main.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json: () => Record<string, unknown>;
}

/** `taxchain`, as built by `npm run -s build`, against an issuing service listening on a port. */
describe('taxchain CLI', () => {
  const home = mkdtempSync(join(tmpdir(), 'taxchain-cli-'));
  const keyFile = join(home, 'key.json');
  const authoritySecret = generateSecretKey();
  const authorityKey = toHex(nobleEd25519.publicKeyOf(authoritySecret));
  let database: TestDatabase;
  let app: INestApplication;
  let url: string;
  let token: string;
  let sellerTaxId: string;
  let buyerTaxId: string;
  let buyerToken: string;

  /** Runs the CLI asynchronously: the service answering it lives in this very process. */
  const taxchain = (args: string[], env: Record<string, string> = {}): Promise<Run> =>
    new Promise((done) => {
      execFile(
        process.execPath,
        [cli, ...args],
        {
          env: {
            PATH: process.env.PATH ?? '',
            HOME: home,
            TAXCHAIN_URL: url,
            TAXCHAIN_TOKEN: token,
            TAXCHAIN_KEY: keyFile,
            ...env,
          },
          encoding: 'utf8',
          timeout: 30_000,
        },
        (error, stdout, stderr) => {
          const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
          done({ code, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, unknown> });
        },
      );
    });
  /** An invoice as a merchant writes it: no amounts, no totals, no keyId. */
  const draft = (documentNumber = `DOC-${randomUUID()}`) => ({
    seller: { taxId: sellerTaxId, name: '上海测试贸易有限公司' },
    buyer: { taxId: buyerTaxId, name: 'Pudong Tools' },
    documentNumber,
    issueDate: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
    currency: 'CNY',
    lines: [
      // 3 × 12.50 = 3750 fen, tax 487.5 → 488; 2 × 8.80 = 1760 fen, tax 158.4 → 158
      { description: '武夷岩茶 250 g', quantity: '3', unitPrice: '12.50', taxRate: '0.13' },
      { description: 'Tasting service', quantity: '2', unitPrice: '8.80', taxRate: '0.09' },
    ],
  });
  const file = (name: string, content: string) => {
    const path = join(home, name);
    writeFileSync(path, content);
    return path;
  };
  const issueFresh = async () => {
    const run = await taxchain(['issue', file(`${randomUUID()}.json`, JSON.stringify(draft()))]);
    expect(run).toMatchObject({ code: 0 });
    return run.json().invoiceNumber as string;
  };

  beforeAll(async () => {
    database = await createTestDatabase(issuingService.migrations);
    const config = testConfig(database.url, {
      KAFKA_TOPIC_PREFIX: `t${randomUUID().slice(0, 8)}.`,
      CHECKPOINT_INTERVAL_MS: '100',
      AUTHORITY_KEY: toHex(authoritySecret),
    });
    app = await createServiceApp(issuingService, config);
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const given = GivenAccess.from(app);
    const merchant = await given.merchant({ name: '上海测试贸易有限公司' });
    token = merchant.token;
    sellerTaxId = merchant.party.taxId;
    const buyer = await given.company();
    buyerTaxId = buyer.party.taxId;
    buyerToken = buyer.token;
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    rmSync(home, { recursive: true, force: true });
  });

  it('keygen → register-key → issue → status → verify → void → pdf', async () => {
    const keygen = await taxchain(['keygen', '--tax-id', sellerTaxId]);
    expect(keygen).toMatchObject({ code: 0 });
    const key = JSON.parse(readFileSync(keyFile, 'utf8'));
    expect(keygen.json()).toEqual({ keyId: key.keyId, publicKey: key.publicKey, keyFile });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect((await taxchain(['keygen'])).code).toBe(2); // never overwrites a key by accident

    const registered = await taxchain(['register-key']);
    expect(registered).toMatchObject({ code: 0 });
    expect(registered.json()).toMatchObject({ keyId: key.keyId, taxId: sellerTaxId });

    const invoiceFile = file('invoice.json', JSON.stringify(draft()));
    const issued = await taxchain(['issue', invoiceFile]);
    expect(issued).toMatchObject({ code: 0 });
    const receipt = issued.json();
    expect(receipt).toMatchObject({
      invoiceNumber: expect.stringMatching(/^\d{20}$/),
      checkCode: expect.stringMatching(/^\d{6}$/),
      status: 'issued',
      replayed: false,
    });
    const again = await taxchain(['issue', invoiceFile]);
    expect(again.json()).toEqual({ ...receipt, replayed: true });
    const number = receipt.invoiceNumber as string;

    const status = await taxchain(['status', number]);
    expect(status).toMatchObject({ code: 0 });
    // net 3750 + 1760 = 5510, tax 488 + 158 = 646: gross 6156, computed locally and accepted
    expect(status.json()).toMatchObject({
      invoiceNumber: number,
      status: 'issued',
      checkCode: receipt.checkCode,
      entryHash: receipt.entryHash,
      gross: '6156',
    });

    const verified = await taxchain(['verify', number, '--authority-key', authorityKey]);
    expect(verified).toMatchObject({ code: 0 });
    expect(verified.json()).toMatchObject({
      verified: true,
      entries: [{ kind: 'invoice.issued', entryHash: receipt.entryHash, ok: true }],
    });
    const otherAuthority = toHex(nobleEd25519.publicKeyOf(generateSecretKey()));
    const forged = await taxchain(['verify', number, '--authority-key', otherAuthority]);
    expect(forged.code).toBe(3);
    expect(forged.json()).toMatchObject({
      verified: false,
      entries: [{ ok: false, reason: 'checkpoint-unknown-key' }],
    });

    const voided = await taxchain(['void', number, '--reason', 'issued to the wrong buyer']);
    expect(voided).toMatchObject({ code: 0 });
    expect(voided.json()).toMatchObject({ invoiceNumber: number, status: 'voided' });
    expect((await taxchain(['status', number])).json()).toMatchObject({ status: 'voided' });

    const pdfFile = join(home, 'invoice.pdf');
    const pdf = await taxchain(['pdf', number, '-o', pdfFile]);
    expect(pdf).toMatchObject({ code: 0 });
    expect(readFileSync(pdfFile).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it("shows a buyer the merchant's keys, verified against the authority key (exit 3 on another)", async () => {
    const { keyId, publicKey } = JSON.parse(readFileSync(keyFile, 'utf8'));
    const asBuyer = { TAXCHAIN_TOKEN: buyerToken };
    const listed = await taxchain(['keys', sellerTaxId, '--authority-key', authorityKey], asBuyer);
    expect(listed).toMatchObject({ code: 0 });
    expect(listed.stdout).toContain(`merchant ${sellerTaxId}: 1 key(s)`);
    expect(listed.stdout).toMatch(new RegExp(`^${keyId} active +valid since `, 'm'));
    const json = await taxchain(
      ['keys', sellerTaxId, '--authority-key', authorityKey, '--json'],
      asBuyer,
    );
    expect(json.json()).toMatchObject({
      taxId: sellerTaxId,
      verified: true,
      keys: [{ keyId, publicKey, validFrom: { seq: expect.any(Number) }, validUntil: null }],
      directory: { keys: [{ keyId, status: 'active', revoked: null }] },
    });
    const otherAuthority = toHex(nobleEd25519.publicKeyOf(generateSecretKey()));
    const refused = await taxchain(
      ['keys', sellerTaxId, '--authority-key', otherAuthority],
      asBuyer,
    );
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(
      `key ${keyId}: registration-unproven (checkpoint-unknown-key)`,
    );
  });

  it('refuses a proof whose payload a proxy altered (gross ×10), naming the payload (exit 3)', async () => {
    const number = await issueFresh();
    // A real HTTP proxy in front of the service that multiplies the gross in every payload it
    // relays, in the listed entry and in its proof bundle alike, leaving every hash alone.
    const proxy = await forgingProxy(url, (body) =>
      body.replace(/\\"gross\\":\\"(\d+)\\"/g, '\\"gross\\":\\"$10\\"'),
    );
    try {
      const proxied = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const honest = await taxchain(['verify', number, '--authority-key', authorityKey]);
      expect(honest).toMatchObject({ code: 0 });
      const forged = await taxchain(['verify', number, '--authority-key', authorityKey], {
        TAXCHAIN_URL: proxied,
      });
      const served = await fetch(`${proxied}/invoices/${number}/proof`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(await served.text()).toContain('\\"gross\\":\\"61560\\"'); // altered in transit…
      expect(forged.code).toBe(3); // …and refused
      expect(forged.json()).toMatchObject({
        verified: false,
        entries: [{ kind: 'invoice.issued', ok: false, reason: 'payload-mismatch' }],
      });
    } finally {
      await new Promise((done) => proxy.close(done));
    }
  });

  it('issues a credit note against an invoice', async () => {
    const number = await issueFresh();
    const note = {
      ...draft(`CN-${randomUUID()}`),
      lines: [
        { description: '武夷岩茶 250 g', quantity: '1', unitPrice: '12.50', taxRate: '0.13' },
      ],
    };
    const credited = await taxchain(['credit', number, file('credit.json', JSON.stringify(note))]);
    expect(credited).toMatchObject({ code: 0 });
    expect(credited.json()).toMatchObject({ status: 'issued', replayed: false });
    // 1 × 12.50 = 1250 fen, tax 162.5 → 163: 1413 credited
    expect((await taxchain(['status', number])).json()).toMatchObject({ creditedGross: '1413' });
  });

  it('issues a batch with a progress bar and a summary, counting failures', async () => {
    const first = draft();
    const lines = [first, draft(), first, { ...draft(), lines: [] }].map((d) => JSON.stringify(d));
    // One request at a time, so the repeated document is a replay rather than a race.
    const batch = file('batch.jsonl', `${lines.join('\n')}\n`);
    const run = await taxchain(['issue', '--batch', batch, '--concurrency', '1']);
    expect(run.code).toBe(1);
    expect(run.json()).toMatchObject({ total: 4, ok: 2, replayed: 1, failed: 1 });
    expect(run.stderr).toContain('batch.jsonl:4: ');
  });

  it('issues a file larger than one batch request, and replays it whole when run again', async () => {
    const lines = Array.from({ length: 1_001 }, () => JSON.stringify(draft()));
    const batch = file('large.jsonl', `${lines.join('\n')}\n`);
    const run = await taxchain(['issue', '--batch', batch]);
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ total: 1_001, ok: 1_001, replayed: 0, failed: 0 });
    const again = await taxchain(['issue', '--batch', batch]);
    expect(again.json()).toMatchObject({ total: 1_001, ok: 0, replayed: 1_001, failed: 0 });
  });

  it('exits 1 with the problem title and detail when the server refuses', async () => {
    const number = await issueFresh();
    expect((await taxchain(['void', number, '--reason', 'first'])).code).toBe(0);
    const twice = await taxchain(['void', number, '--reason', 'second']);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`409 Invoice is voided`);
    expect(twice.stderr).toContain(`Invoice ${number} is already voided.`);
    const stranger = await taxchain(['status', '99999999999999999999']);
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toContain('404 Invoice not found');
    const badToken = await taxchain(['status', number], { TAXCHAIN_TOKEN: 'nonsense' });
    expect(badToken.code).toBe(1);
  });

  it('exits 1 naming the rule for a gross that rounds to 0 fen or another seller name, issuing nothing', async () => {
    const number = await issueFresh();
    const invoices = async () => {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query<{ n: string }>('SELECT count(*) n FROM issuing.invoices');
      await client.end();
      return Number(rows[0].n);
    };
    const before = await invoices();
    // 1 × 0.004 yuan = 0.4 fen → 0 fen: nothing could ever be claimed.
    const sample = { description: 'Sample', quantity: '1', unitPrice: '0.004', taxRate: '0.13' };
    const nothing = { ...draft(), lines: [sample] };
    const renamed = { ...draft(), seller: { taxId: sellerTaxId, name: '上海测试贸易公司' } };
    const zeroCredit = { ...draft(`CN-${randomUUID()}`), lines: [sample] };
    const runs = {
      single: await taxchain(['issue', file('zero.json', JSON.stringify(nothing))]),
      renamed: await taxchain(['issue', file('renamed.json', JSON.stringify(renamed))]),
      batch: await taxchain([
        'issue',
        '--batch',
        file('refused.jsonl', `${JSON.stringify(nothing)}\n${JSON.stringify(renamed)}\n`),
      ]),
      credit: await taxchain([
        'credit',
        number,
        file('zero-credit.json', JSON.stringify(zeroCredit)),
      ]),
    };
    expect(Object.values(runs).map(({ code }) => code)).toEqual([1, 1, 1, 1]);
    for (const run of [runs.single, runs.credit])
      expect(run.stderr).toContain(
        "422 Gross amount rounds to zero (urn:taxchain:problem:zero-gross): totals.gross is 0: a document must come to at least 1 fen (0.01) in all; every line's quantity × unitPrice rounds to 0 fen.",
      );
    expect(runs.renamed.stderr).toContain(
      `422 Seller name is not the merchant's registered name (urn:taxchain:problem:seller-name-mismatch): invoice.seller.name is '上海测试贸易公司'; ${sellerTaxId} is registered as '上海测试贸易有限公司'.`,
    );
    expect(runs.batch.json()).toMatchObject({ total: 2, ok: 0, failed: 2 });
    expect(runs.batch.stderr).toContain(
      'refused.jsonl:1: 422 Gross amount rounds to zero (urn:taxchain:problem:zero-gross)',
    );
    expect(runs.batch.stderr).toContain(
      "refused.jsonl:2: 422 Seller name is not the merchant's registered name",
    );
    expect(await invoices()).toBe(before);
  });

  it('exits 2 on bad input, sending nothing', async () => {
    const cases: Array<[string[], Record<string, string>?]> = [
      [['issue', file('broken.json', '{ "seller": ')]],
      [['issue', file('no-lines.json', JSON.stringify({ ...draft(), lines: [] }))]],
      [['issue', join(home, 'missing.json')]],
      [['status', '123']],
      [['void', '12345678901234567890']],
      [['verify', '12345678901234567890']],
      [['verify', '12345678901234567890', '--authority-key', 'XYZ']],
      [['status', '12345678901234567890'], { TAXCHAIN_TOKEN: '' }],
      [['frobnicate']],
    ];
    for (const [args, env] of cases) {
      const run = await taxchain(args, env);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
    }
  });
  it('audits every chain straight from the database, and names a tampered entry (exit 3)', async () => {
    await taxchain(['issue', file(`${randomUUID()}.json`, JSON.stringify(draft()))]);
    const audit = () =>
      taxchain(['audit', '--database-url', database.url, '--authority-key', authorityKey]);
    const clean = await audit();
    expect(clean.code).toBe(0);
    expect(clean.json()).toMatchObject({ verified: true });
    expect(clean.stderr).toMatch(/verifying .* entries/);

    const db = new Client({ connectionString: database.url });
    await db.connect();
    const [row] = (
      await db.query<{ chain: number; seq: string }>(
        "SELECT chain, seq FROM ledger.entries WHERE kind = 'invoice.issued' ORDER BY recorded_at DESC LIMIT 1",
      )
    ).rows;
    await db.query(
      "SET session_replication_role = replica; UPDATE ledger.entries SET actor = 'merchant:impostor' WHERE chain = " +
        row.chain +
        ' AND seq = ' +
        row.seq,
    );
    await db.end();
    const tampered = await audit();
    expect(tampered.code).toBe(3);
    const broken = (
      tampered.json().chains as Array<{
        chain: number;
        ok: boolean;
        break?: { seq: number; reason: string };
      }>
    ).find((c) => !c.ok);
    expect(broken).toMatchObject({
      chain: row.chain,
      break: { seq: Number(row.seq), reason: 'hash-mismatch' },
    });
  });
});

/** An HTTP proxy to `target` that passes every answer through `rewrite`. */
async function forgingProxy(target: string, rewrite: (body: string) => string): Promise<Server> {
  const server = createServer((request, response) => {
    void (async () => {
      const answer = await fetch(new URL(request.url ?? '/', target), {
        method: request.method,
        headers: { authorization: request.headers.authorization ?? '' },
      });
      const body = rewrite(await answer.text());
      response.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'application/json',
      });
      response.end(body);
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return server;
}
