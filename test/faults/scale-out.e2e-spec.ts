import { Kafka, logLevel, type Admin } from 'kafkajs';
import { Pool } from 'pg';
import { topicNames } from '@taxchain/contracts';
import { PlatformCluster } from '../../scripts/infra/platform-cluster';
import type { ServiceName } from '../../scripts/infra/service-process';
import { presignInvoices, sendIssueLoad, type IssueOutcome } from '../../scripts/load/issue-load';
import { createLoadParties, type LoadParties } from '../../scripts/load/load-parties';
import { recordReliability } from '../support/reliability-report';
import { chainLeaders } from './support/chain-leaders';
import { verifyChainsThroughAudit } from './support/chain-verification';
import { raceClaims } from './support/claim-race';
import {
  assignedPartitions,
  instanceOf,
  settledGroup,
  type GroupMember,
} from './support/consumer-groups';
import { answeredBetween, statusCounts } from './support/issue-outcomes';
import { ledgerState } from './support/ledger-state';
import { pollUntil } from './support/poll-until';
import { PrivatePostgres } from './support/private-postgres';
import { waitForDelivery } from './support/read-model-delivery';
import { relayedEntries } from './support/relayed-entries';
import { scaleOutFigures } from './support/scale-out-figures';

const CHAINS = 4;
const ALL_CHAINS = Array.from({ length: CHAINS }, (_, chain) => chain);
const STEADY = 400;
const KILLED = 600;
const RACE_INVOICES = 100;
const CLAIMS_PER_INVOICE = 50;
const SERVICES: ServiceName[] = ['issuing', 'reimbursement', 'audit'];

type Groups = Record<string, GroupMember[]>;

/**
 * Two instances of each service on one database and one Kafka cluster, driven over HTTP as
 * merchants and buyers would: consumer groups split the chains between instances, each chain's
 * relay has one leader, a claim race across instances has one winner per invoice, and kill -9
 * of one instance of each hands everything to the other without losing or doubling an invoice.
 */
describe('scale-out: two instances of each service', () => {
  let postgres: PrivatePostgres;
  let cluster: PlatformCluster;
  let db: Pool;
  let kafka: Admin;
  let parties: LoadParties;
  let topics: ReturnType<typeof topicNames>;
  let groups: Array<{ id: string; topic: string; service: ServiceName }>;
  const acknowledged: string[] = [];

  beforeAll(async () => {
    // Six instances need more connections than the shared server spares next to other suites.
    postgres = await PrivatePostgres.start();
    cluster = await PlatformCluster.start({
      adminUrl: postgres.adminUrl,
      kafkaBrokers: process.env.KAFKA_BROKERS!,
      instances: { issuing: 2, reimbursement: 2, audit: 2 },
      env: {
        LOG_LEVEL: 'warn',
        LEDGER_CHAINS: String(CHAINS),
        DATABASE_POOL_SIZE: '20',
        // A slow, shared test machine must not turn queued requests into 503s.
        HTTP_REQUEST_TIMEOUT_MS: '120000',
        // The claim race sends 5,000 requests from one credential at once, on purpose.
        RATE_LIMIT_PER_SECOND: '100000',
        RATE_LIMIT_BURST: '100000',
      },
    });
    db = new Pool({ connectionString: cluster.databaseUrl, max: 2 });
    kafka = new Kafka({
      clientId: 'scale-out-test',
      brokers: process.env.KAFKA_BROKERS!.split(','),
      logLevel: logLevel.NOTHING,
    }).admin();
    await kafka.connect();
    const prefix = cluster.env.KAFKA_TOPIC_PREFIX!;
    topics = topicNames(prefix);
    groups = [
      { id: `${prefix}reimbursement`, topic: topics.ledgerEntries, service: 'reimbursement' },
      { id: `${prefix}audit`, topic: topics.ledgerEntries, service: 'audit' },
      { id: `${prefix}audit-checkpoints`, topic: topics.ledgerCheckpoints, service: 'audit' },
    ];
    parties = await createLoadParties(cluster.databaseUrl, cluster.urls('issuing')[0], {
      merchants: 4,
      buyers: 4,
    });
  }, 180_000);

  afterAll(async () => {
    await kafka?.disconnect();
    await db?.end();
    await cluster?.close();
    await postgres?.close();
  });

  /** Issues `count` invoices round-robin over both issuing instances; `midway` runs a third of the way in. */
  async function issue(
    count: number,
    buyerTaxIds = parties.buyers.map((b) => b.taxId),
    midway: () => Promise<void> = async () => undefined,
  ): Promise<IssueOutcome[]> {
    const requests = presignInvoices(parties.merchants, buyerTaxIds, count);
    let reached: () => void = () => undefined;
    const third = new Promise<void>((done) => (reached = done));
    const load = sendIssueLoad(requests, {
      urls: cluster.urls('issuing'),
      concurrency: 16,
      retryUntil: Date.now() + 120_000,
      onAnswer: (_, done) => done === Math.ceil(count / 3) && reached(),
    });
    await third;
    await midway();
    const outcomes = await load;
    acknowledged.push(
      ...outcomes.filter((o) => o.status === 201 || o.status === 200).map((o) => o.invoiceNumber!),
    );
    return outcomes;
  }

  /** Waits until every acknowledged invoice is in both read models: once each, nothing else. */
  async function delivered(): Promise<void> {
    const { delivery } = await waitForDelivery(db, acknowledged, 90_000);
    const exactly = { rows: acknowledged.length, missing: [], unexpected: [] };
    expect(delivery).toEqual([
      { readModel: 'reimbursement', ...exactly },
      { readModel: 'audit', ...exactly, overcounted: 0 },
    ]);
    const ledger = await ledgerState(db);
    expect(ledger).toMatchObject({ gappedChains: [], entriesWithoutRow: 0, rowsWithoutEntry: 0 });
    expect(new Set(ledger.invoices.values())).toEqual(new Set(acknowledged));
  }

  async function settledGroups(members: number): Promise<Groups> {
    const settled: Groups = {};
    for (const group of groups)
      settled[group.id] = await settledGroup(kafka, group.id, group.topic, members);
    return settled;
  }

  /** Audit's full verification, asked of a live audit instance. */
  async function chainsVerify(auditInstance = 0): Promise<void> {
    const run = await verifyChainsThroughAudit(
      cluster.instance('audit', auditInstance).url,
      parties.official,
    );
    expect(run).toMatchObject({ state: 'done', result: { ok: true } });
    expect(run.result!.chains.map((chain) => chain.ok)).toEqual(ALL_CHAINS.map(() => true));
  }

  it('splits each consumer group between the two instances and leads each chain once, under load', async () => {
    let split: Groups = {};
    let leaders = new Map<number, string[]>();
    const outcomes = await issue(STEADY, undefined, async () => {
      split = await settledGroups(2);
      leaders = await chainLeaders(db);
    });
    expect(statusCounts(outcomes)).toEqual({ 201: STEADY });
    for (const group of groups) {
      const members = split[group.id];
      expect(members.map((m) => instanceOf(m))).toEqual([
        `${group.service}-0`,
        `${group.service}-1`,
      ]);
      for (const member of members) expect(member.partitions.length).toBeGreaterThan(0);
      expect(assignedPartitions(members)).toEqual(ALL_CHAINS);
    }
    expect([...leaders.keys()].sort()).toEqual(ALL_CHAINS);
    for (const holders of leaders.values()) expect(holders).toHaveLength(1);
    await delivered();
    // Two relays on one chain would each publish it: one message per entry means one leader.
    for (const chain of await relayedEntries(db, kafka, topics.ledgerEntries))
      expect(chain.messages).toBe(chain.entries);
    await chainsVerify();
  }, 240_000);

  it('lets exactly one of 50 concurrent claims per invoice win across both reimbursement instances', async () => {
    const buyer = parties.buyers[0];
    const invoices = (await issue(RACE_INVOICES, [buyer.taxId])).map((o) => ({
      invoiceNumber: o.invoiceNumber!,
      checkCode: o.checkCode!,
    }));
    await delivered();
    const urls = [0, 1].map((index) => cluster.instance('reimbursement', index).url);
    const started = Date.now();
    // Two invoices at a time, each with all 50 of its claims outstanding at once.
    const inFlight = 2 * CLAIMS_PER_INVOICE;
    const answers = await raceClaims(urls, buyer.token, invoices, CLAIMS_PER_INVOICE, inFlight);
    const elapsed = Date.now() - started;

    expect(statusCounts(answers)).toEqual({
      201: RACE_INVOICES,
      409: RACE_INVOICES * (CLAIMS_PER_INVOICE - 1),
    });
    const winners = answers.filter((a) => a.status === 201);
    expect(new Set(winners.map((a) => a.invoiceNumber)).size).toBe(RACE_INVOICES);
    expect(new Set(answers.filter((a) => a.status === 409).map((a) => a.type))).toEqual(
      new Set(['urn:taxchain:problem:already-claimed']),
    );
    const numbers = invoices.map((i) => i.invoiceNumber);
    const {
      rows: [ledger],
    } = await db.query<{ n: string }>(
      `SELECT count(*) n FROM ledger.entries WHERE kind = 'reimbursement.claimed' AND subject = ANY($1)`,
      [numbers],
    );
    expect(Number(ledger.n)).toBe(RACE_INVOICES);
    const { rows: live } = await db.query<{ live: string }>(
      `SELECT count(*) FILTER (WHERE state IN ('active', 'completed')) live
         FROM reimbursement.claims WHERE invoice_number = ANY($1) GROUP BY invoice_number`,
      [numbers],
    );
    expect(live.map((row) => Number(row.live))).toEqual(numbers.map(() => 1));

    const served = urls.map((_, i) => answers.filter((a) => a.instance === i));
    recordReliability(
      'double-reimbursement',
      `${RACE_INVOICES} invoices × ${CLAIMS_PER_INVOICE} concurrent claims by their buyer (${answers.length} requests, ${inFlight} in flight, ${elapsed} ms), dealt round-robin to **2 reimbursement instances** on one database: **exactly one claim per invoice won**.

| instance | requests | 201 won | 409 already-claimed |
| --- | --- | --- | --- |
${served.map((a, i) => `| reimbursement-${i} | ${a.length} | ${count(a, 201)} | ${count(a, 409)} |`).join('\n')}

Ledger: ${ledger.n} \`reimbursement.claimed\` entries for the ${RACE_INVOICES} invoices; claims table: one live claim per invoice. Rate limits raised (RATE_LIMIT_PER_SECOND and RATE_LIMIT_BURST 100000) because the race is one credential sending thousands of requests at once, on purpose.`,
    );
  }, 240_000);

  it("moves a killed instance's partitions and chains to the other, losing and doubling nothing", async () => {
    const before = await settledGroups(2);
    const leadersBefore = await chainLeaders(db);
    // Of each service, the instance leading chains if one does (else instance 1) is killed:
    // the relay's leadership has to move as well as the partitions.
    const leading = new Set([...leadersBefore.values()].flat());
    const victims = SERVICES.map((service) => (leading.has(`${service}-0`) ? 0 : 1));
    const victimNames = SERVICES.map((service, i) => `${service}-${victims[i]}`);
    expect(victimNames.some((name) => leading.has(name))).toBe(true);
    let killedAt = 0;
    const outcomes = await issue(KILLED, undefined, async () => {
      killedAt = Date.now();
      await Promise.all(SERVICES.map((service, i) => cluster.instance(service, victims[i]).kill()));
    });
    // A request cut off by the kill is re-sent to the other instance: it is then 201 or,
    // if the first attempt had committed, 200 (the same invoice).
    expect(outcomes.filter((o) => o.status !== 201 && o.status !== 200)).toEqual([]);
    const afterKill = answeredBetween(outcomes, killedAt, Date.now());
    expect(afterKill).toBeGreaterThan(KILLED / 2);

    const after = await settledGroups(1);
    for (const group of groups) {
      const survivor = `${group.service}-${1 - victims[SERVICES.indexOf(group.service)]}`;
      expect(after[group.id].map((m) => instanceOf(m))).toEqual([survivor]);
      expect(after[group.id][0].partitions).toEqual(ALL_CHAINS);
    }
    let leadersAfter = new Map<number, string[]>();
    await pollUntil(
      async () => {
        leadersAfter = await chainLeaders(db);
        return leadersAfter.size === CHAINS;
      },
      30_000,
      'every chain led again',
    );
    for (const holders of leadersAfter.values()) {
      expect(holders).toHaveLength(1);
      expect(victimNames).not.toContain(holders[0]);
    }
    await delivered();
    await chainsVerify(1 - victims[SERVICES.indexOf('audit')]);

    recordReliability(
      'scale-out',
      scaleOutFigures({
        chains: CHAINS,
        invoices: { steady: STEADY, race: RACE_INVOICES, killed: KILLED },
        groups: groups.map((g) => g.id),
        prefix: cluster.env.KAFKA_TOPIC_PREFIX!,
        before,
        after,
        leadersBefore,
        leadersAfter,
        victims: victimNames,
        afterKill,
        resent: outcomes.filter((o) => o.attempts > 1).length,
        acknowledged: acknowledged.length,
      }),
    );
  }, 240_000);
});

function count(answers: Array<{ status: number }>, status: number): number {
  return answers.filter((a) => a.status === status).length;
}
