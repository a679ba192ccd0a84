import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Kafka } from 'kafkajs';
import { expenseCommitment, topicNames } from '@taxchain/contracts';
import {
  LedgerAppender,
  LedgerModule,
  generateSecretKey,
  toHex,
  type LedgerEntry,
} from '@taxchain/ledger';
import { ENTRY_COLUMNS, toEntry, type EntryRow } from '@taxchain/ledger/storage/entry-row';
import { PlatformModule, createServiceApp } from '@taxchain/platform';
import {
  GivenAccess,
  TcpProxy,
  createTestDatabase,
  testConfig,
  type TestDatabase,
} from '@taxchain/platform/testing';
import { reimbursementService } from '../../apps/reimbursement/src/reimbursement.service-definition';
import { produceEntries } from '../support/feed-messages';
import { FeedServiceProcess } from '../support/feed-service-process';
import { GivenInvoices, type GivenInvoice } from '../support/given-invoices';
import { recordReliability } from '../support/reliability-report';
import { claimsFromLedger } from '../support/replay-claims';

const CHAINS = 4;
const ROUNDS = 4;
/** In this order, about a second apart, while the activity goes on. */
const FAULTS = ['cut', 'copies', 'kill', 'copies', 'rewind', 'cut', 'kill', 'copies'] as const;
const INVOICE_COLUMNS =
  'invoice_number, kind, buyer_tax_id, gross::text, credited::text, status, check_code, chain, seq, voided_at';

/**
 * The reimbursement service, as its own process reading PostgreSQL through a proxy, builds its
 * read model while issue, void, credit, claim, complete and release go on, and while it is killed
 * with SIGKILL, cut off from its database mid-batch (late, bunched arrival of what queued up in
 * Kafka meanwhile), fed copies of real ledger messages in any order, and rewound to the topic's
 * start. Its invoices end identical, row by row, to a clean replay of the same ledger into a
 * fresh database, and its claims to what the ledger's reimbursement entries say.
 */
describe('reimbursement feed under delivery faults', () => {
  const prefix = `faults-${randomUUID().slice(0, 8)}.`;
  const authority = toHex(generateSecretKey());
  const logFile = join(tmpdir(), `delivery-faults-${randomUUID().slice(0, 8)}.log`);
  let live: TestDatabase;
  let replay: TestDatabase;
  let writer: INestApplication;
  let replayApp: INestApplication | undefined;
  let data: DataSource;
  let proxy: TcpProxy;
  let service: FeedServiceProcess;

  const settings = (database: TestDatabase, topicPrefix: string) => ({
    KAFKA_TOPIC_PREFIX: topicPrefix,
    AUTHORITY_KEY: authority,
    LEDGER_CHAINS: String(CHAINS),
    RATE_LIMIT_PER_SECOND: '100000',
    RATE_LIMIT_BURST: '100000',
    // The machine's PostgreSQL (100 connections) is shared; below ~8 the ledger appender starves.
    DATABASE_POOL_SIZE: '10',
    DATABASE_URL: database.url,
  });

  beforeAll(async () => {
    live = await createTestDatabase(reimbursementService.migrations);
    replay = await createTestDatabase(reimbursementService.migrations);
    data = await new DataSource({
      type: 'postgres',
      url: live.url,
      extra: { max: 2 },
    }).initialize();
    const config = testConfig(live.url, settings(live, prefix));
    @Module({ imports: [PlatformModule.forService(config), LedgerModule] })
    class WriterModule {}
    writer = await NestFactory.create(WriterModule, { logger: false });
    await writer.init();
    const url = new URL(live.url);
    proxy = await TcpProxy.start(url.hostname, Number(url.port || 5432));
    url.port = String(proxy.port);
    service = await FeedServiceProcess.reimbursement(
      {
        ...settings(live, prefix),
        DATABASE_URL: url.toString(),
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        KAFKA_BROKERS: config.KAFKA_BROKERS,
      },
      logFile,
    );
    await service.start();
  });

  afterAll(async () => {
    await service?.stop('SIGKILL');
    await proxy?.cut();
    await replayApp?.close();
    await writer?.close();
    await data?.destroy();
    await live?.drop();
    await replay?.drop();
  });

  it('ends identical to a clean replay of the same ledger', async () => {
    const given = new GivenInvoices(writer.get(LedgerAppender));
    const kafka = writer.get(Kafka);
    const { token, party } = await GivenAccess.from(writer).company();
    const buyer = new Buyer(() => service.url, token, data);
    const faults = { kills: 0, pauses: 0, copies: 0, rewinds: 0 };

    const chaos = (async () => {
      for (const [step, fault] of FAULTS.entries()) {
        await sleep(700 + Math.random() * 900);
        service.note(`fault ${step + 1}: ${fault}`);
        if (fault === 'rewind') {
          await rewind(kafka, prefix, service);
          faults.rewinds += 1;
        } else if (fault === 'kill') {
          await service.stop('SIGKILL');
          faults.kills += 1;
          await service.start();
        } else if (fault === 'cut') {
          await proxy.cut();
          await sleep(1_500);
          await proxy.open();
          faults.pauses += 1;
        } else faults.copies += await produceCopies(kafka, prefix, data);
      }
    })();

    const expected = { voided: 0, credited: 0, claims: 0 };
    const activity = (async () => {
      for (let round = 0; round < ROUNDS; round += 1) {
        const batch = await within(
          Promise.all(Array.from({ length: 8 }, () => given.issued(party.taxId))),
          `round ${round}: issue`,
        );
        const [void1, void2, credit1, credit2, ...claimed] = batch;
        await within(
          Promise.all([
            given.voided(void1),
            given.voided(void2),
            given.credited(credit1, '8300'),
            given.credited(credit2, '0'),
          ]),
          `round ${round}: void and credit`,
        );
        const claimIds = await Promise.all(claimed.map((invoice) => buyer.claim(invoice)));
        await Promise.all([
          buyer.settle(claimIds[0], 'complete'),
          buyer.settle(claimIds[1], 'release'),
        ]);
        await buyer.claim(claimed[1]); // released, claimed again
        Object.assign(expected, {
          voided: expected.voided + 2,
          credited: expected.credited + 2,
          claims: expected.claims + 5,
        });
      }
    })();
    // Whichever fails first fails the test at once.
    await Promise.all([activity, chaos]);
    await caughtUp(data, data);
    expect(await data.query('SELECT chain, seq, reason FROM reimbursement.feed_breaks')).toEqual(
      [],
    );

    // The clean replay: the same ledger, once and in order, into a fresh database.
    const entries = await ledger(data);
    replayApp = await createServiceApp(
      reimbursementService,
      testConfig(replay.url, settings(replay, `replay-${prefix}`)),
    );
    await replayApp.init();
    await replayApp.startAllMicroservices();
    const replayData = replayApp.get(DataSource);
    await produceEntries(replayApp.get(Kafka), `replay-${prefix}`, entries);
    await caughtUp(replayData, data);

    const rows = (db: DataSource) =>
      db.query<Array<Record<string, unknown>>>(
        `SELECT ${INVOICE_COLUMNS} FROM reimbursement.invoices ORDER BY invoice_number`,
      );
    const [liveRows, replayRows] = [await rows(data), await rows(replayData)];
    const mismatches = liveRows.filter(
      (row, i) => JSON.stringify(row) !== JSON.stringify(replayRows[i]),
    ).length;
    expect(liveRows).toHaveLength(ROUNDS * 8 + expected.credited); // credit notes are rows too
    expect(liveRows).toEqual(replayRows);
    expect(mismatches).toBe(0);
    expect(faults.copies).toBeGreaterThan(0);
    expect(faults.kills).toBeGreaterThanOrEqual(1);
    expect(faults.rewinds).toBeGreaterThanOrEqual(1);
    expect(liveRows.filter((r) => r.status === 'voided')).toHaveLength(expected.voided);
    expect(liveRows.filter((r) => r.credited !== '0')).toHaveLength(expected.credited);
    const claimRows = await data.query<
      Array<Record<string, string> & { expense_reference: string | null; salt: string | null }>
    >(
      `SELECT claim_id, invoice_number, buyer_tax_id, amount::text, expense_reference,
              encode(expense_salt, 'hex') AS salt, state
         FROM reimbursement.claims ORDER BY claim_id`,
    );
    const claims = claimRows.map(({ expense_reference: reference, salt, ...row }) => ({
      ...row,
      expense_commitment: reference && salt ? expenseCommitment(salt, reference) : null,
    }));
    expect(claims).toEqual(claimsFromLedger(entries));
    expect(claims).toHaveLength(expected.claims);

    recordReliability(
      'delivery-faults',
      `${entries.length} ledger entries over ${CHAINS} chains (${ROUNDS * 8} invoices issued, ${expected.voided} voided, ${expected.credited} credited, ${expected.claims} claims, ${ROUNDS} completed, ${ROUNDS} released) consumed by the reimbursement service in its own process while it was killed with SIGKILL ${faults.kills} times, cut off from PostgreSQL by a proxy for 1.5 s ${faults.pauses} times (the Kafka backlog then arrived late and bunched), fed ${faults.copies} copies of already-delivered ledger messages in random order, and rewound ${faults.rewinds} time to the topic's earliest offset: ${mismatches} of ${liveRows.length} invoice rows differ from a clean replay into a fresh database, ${claims.length} claims match the ledger's reimbursement entries, 0 feed breaks.`,
    );
  }, 300_000);
});

/** The buyer's HTTP calls, retried through kills and cuts until the outcome is known. */
class Buyer {
  constructor(
    private readonly url: () => string,
    private readonly token: string,
    private readonly data: DataSource,
  ) {}

  async claim(invoice: GivenInvoice): Promise<string> {
    for (const deadline = Date.now() + 90_000; Date.now() < deadline;) {
      const answer = await this.post('/claims', {
        invoiceNumber: invoice.invoiceNumber,
        checkCode: invoice.checkCode,
      });
      if (answer?.status === 201) return (answer.body as { claimId: string }).claimId;
      // An earlier attempt committed, but its answer was lost with the process.
      if (answer?.status === 409) return this.liveClaim(invoice.invoiceNumber);
      if (answer)
        throw new Error(`claim answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      await sleep(200); // not visible yet (503), killed or cut off: ask again
    }
    throw new Error(`no answer to the claim on ${invoice.invoiceNumber} in time`);
  }

  async settle(claimId: string, action: 'complete' | 'release'): Promise<void> {
    for (const deadline = Date.now() + 90_000; Date.now() < deadline;) {
      const answer = await this.post(`/claims/${claimId}/${action}`);
      if (answer?.status === 200) return;
      if (answer?.status === 409) {
        const [row] = await this.data.query<Array<{ state: string }>>(
          'SELECT state FROM reimbursement.claims WHERE claim_id = $1',
          [claimId],
        );
        if (row.state === (action === 'complete' ? 'completed' : 'released')) return;
        throw new Error(`claim ${claimId} is ${row.state}, ${action} refused`);
      }
      if (answer)
        throw new Error(`${action} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      await sleep(200);
    }
    throw new Error(`no answer to ${action} of claim ${claimId} in time`);
  }

  private async liveClaim(invoiceNumber: string): Promise<string> {
    const [row] = await this.data.query<Array<{ claim_id: string }>>(
      `SELECT claim_id FROM reimbursement.claims WHERE invoice_number = $1 AND state = 'active'`,
      [invoiceNumber],
    );
    if (!row) throw new Error(`claim on ${invoiceNumber} refused, and no claim holds it`);
    return row.claim_id;
  }

  private async post(
    path: string,
    body?: object,
  ): Promise<{ status: number; body: unknown } | undefined> {
    try {
      const response = await fetch(`${this.url()}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body ?? {}),
        signal: AbortSignal.timeout(10_000),
      });
      const answer = { status: response.status, body: await response.json() };
      return answer.status >= 500 ? undefined : answer;
    } catch {
      return undefined; // the process was killed or lost its database mid-request
    }
  }
}

/** The service stopped, its consumer group rewound to the earliest offset, then started again. */
async function rewind(kafka: Kafka, prefix: string, service: FeedServiceProcess): Promise<void> {
  await service.stop('SIGTERM');
  const admin = kafka.admin();
  await admin.connect();
  try {
    // Until the group is empty: a member killed earlier stays in it until its session expires.
    for (let tries = 0; ; tries += 1) {
      const reset = await admin
        .resetOffsets({
          groupId: `${prefix}reimbursement`,
          topic: topicNames(prefix).ledgerEntries,
          earliest: true,
        })
        .then(
          () => true,
          (error: unknown) => {
            if (tries > 60) throw error;
            return false;
          },
        );
      if (reset) break;
      await sleep(500);
    }
  } finally {
    await admin.disconnect();
  }
  await service.start();
}

/** Copies of entries the feed has already applied (so already delivered), in random order. */
async function produceCopies(kafka: Kafka, prefix: string, data: DataSource): Promise<number> {
  const rows = await data.query<EntryRow[]>(
    `SELECT ${ENTRY_COLUMNS} FROM ledger.entries e
      WHERE seq <= (SELECT p.seq FROM reimbursement.feed_positions p WHERE p.chain = e.chain)
      ORDER BY random() LIMIT 150`,
  );
  await produceEntries(kafka, prefix, rows.map(toEntry));
  return rows.length;
}

async function ledger(data: DataSource): Promise<LedgerEntry[]> {
  const rows = await data.query<EntryRow[]>(
    `SELECT ${ENTRY_COLUMNS} FROM ledger.entries ORDER BY chain, seq`,
  );
  return rows.map(toEntry);
}

/** Until the feed's position (in `feed`) on every chain is the head of `source`'s ledger. */
async function caughtUp(feed: DataSource, source: DataSource): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const heads = await source.query<Array<{ chain: number; seq: string }>>(
      'SELECT chain, seq FROM ledger.heads WHERE seq >= 0 ORDER BY chain',
    );
    const positions = await feed.query<Array<{ chain: number; seq: string }>>(
      'SELECT chain, seq FROM reimbursement.feed_positions ORDER BY chain',
    );
    if (heads.every((h) => positions.some((p) => p.chain === h.chain && p.seq === h.seq))) return;
    await sleep(100);
  }
  throw new Error('feed not caught up in time');
}

/**
 * The writer's ledger commits go straight to PostgreSQL, untouched by the faults: one that has
 * not committed within 30 s is stuck, and the test says where instead of timing out blind.
 */
async function within<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what}: no ledger commit within 30 s`)), 30_000);
  });
  try {
    return await Promise.race([work, stuck]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
