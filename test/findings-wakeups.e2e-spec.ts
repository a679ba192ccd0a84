import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Cosignatures, ReadFindings, generateSecretKey, toHex } from '@taxchain/ledger';
import { createServiceApp } from '@taxchain/platform';
import {
  GivenAccess,
  createTestDatabase,
  testConfig,
  type TestDatabase,
} from '@taxchain/platform/testing';
import { auditService } from '../apps/audit/src/audit.service-definition';

/** What the runbook promises for a refused read or a witness's refusal: an anomaly within about a second. */
const WITHIN_MS = 1_500;
/**
 * Resting this long, an idle watcher last read its table at 7 s (pauses of 1, 2 and 4 s) and
 * sleeps 8 s more: only its NOTIFY makes it look within a second and a half.
 */
const REST_MS = 9_000;
/**
 * The ledger has one chain and the findings name another: the sweep, which resolves a chain's
 * findings once it finds the chain intact, never resolves them before the watcher raised them.
 */
const UNSWEPT_CHAIN = 3;

interface Anomaly {
  type: string;
  evidence: Record<string, unknown>;
}

/**
 * The audit service's watchers of ledger.read_findings and ledger.witness_refusals sleep while
 * nothing is recorded, and the NOTIFY sent by each insert wakes them: after a long rest a new
 * finding or refusal is an anomaly within the promised second, also when their LISTEN connection
 * was lost just before it was recorded.
 */
describe('the audit watchers woken by NOTIFY', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let db: DataSource;
  let url: string;
  let official: string;
  let seq = 0;

  beforeAll(async () => {
    database = await createTestDatabase(auditService.migrations);
    const config = testConfig(database.url, {
      KAFKA_TOPIC_PREFIX: `t${randomUUID().slice(0, 8)}.`,
      AUTHORITY_KEY: toHex(generateSecretKey()),
      LEDGER_CHAINS: '1',
    });
    app = await createServiceApp(auditService, config);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    db = app.get(DataSource);
    official = (await GivenAccess.from(app).official()).token;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const rest = () => new Promise((done) => setTimeout(done, REST_MS));

  /** Milliseconds until an anomaly of `type` matches; fails after `limitMs`. */
  async function raisedWithin(
    type: string,
    matches: (a: Anomaly) => boolean,
    limitMs: number,
  ): Promise<number> {
    const started = Date.now();
    for (;;) {
      const { body } = await request(url)
        .get(`/anomalies?type=${type}&limit=200`)
        .set('Authorization', `Bearer ${official}`)
        .expect(200);
      if ((body.items as Anomaly[]).some(matches)) return Date.now() - started;
      if (Date.now() - started > limitMs) throw new Error(`no ${type} within ${limitMs} ms`);
      await new Promise((tick) => setTimeout(tick, 50));
    }
  }

  const readFinding = async () => {
    seq += 1;
    await app.get(ReadFindings).record({
      chain: UNSWEPT_CHAIN,
      seq,
      reason: 'hash-mismatch',
      detail: 'stored fields do not hash to the entry hash',
    });
    const found = seq;
    return (a: Anomaly) => a.evidence.seq === found && a.evidence.source === 'read';
  };

  const witnessRefusal = async () => {
    seq += 1;
    await app.get(Cosignatures).refuse({
      chain: 0,
      size: seq,
      witness: `witness.test/w${seq}`,
      status: 409,
      witnessSize: seq + 1,
      detail: `the witness has cosigned size ${seq + 1}`,
      note: 'a refused note',
    });
    const size = seq;
    return (a: Anomaly) => a.evidence.size === size;
  };

  async function listenerOf(channel: string): Promise<number> {
    for (let tries = 0; tries < 100; tries += 1) {
      const [row] = await db.query<Array<{ pid: number }>>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = $1`,
        [`LISTEN ${channel}`],
      );
      if (row) return row.pid;
      await new Promise((tick) => setTimeout(tick, 50));
    }
    throw new Error(`nobody listens on ${channel}`);
  }

  it('raises a read finding recorded after a long rest within a second', async () => {
    await rest();
    expect(await raisedWithin('chain_break', await readFinding(), 20_000)).toBeLessThan(WITHIN_MS);
  }, 60_000);

  it('raises a witness refusal recorded after a long rest within a second', async () => {
    await rest();
    expect(await raisedWithin('witness_refusal', await witnessRefusal(), 20_000)).toBeLessThan(
      WITHIN_MS,
    );
  }, 60_000);

  it('raises what was recorded while the LISTEN connection was lost, without waiting for its poll', async () => {
    await rest();
    const listeners = [
      await listenerOf('ledger_read_finding'),
      await listenerOf('ledger_witness_refusal'),
    ];
    await db.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) pid', [listeners]);
    // Recorded while nobody listens: their NOTIFY reaches no one. The connection comes back
    // within a second and wakes each watcher to look again.
    const found = await readFinding();
    const refused = await witnessRefusal();
    expect(await raisedWithin('chain_break', found, 20_000)).toBeLessThan(3_000);
    expect(await raisedWithin('witness_refusal', refused, 20_000)).toBeLessThan(3_000);
    expect(await listenerOf('ledger_read_finding')).not.toBe(listeners[0]);
  }, 60_000);
});
