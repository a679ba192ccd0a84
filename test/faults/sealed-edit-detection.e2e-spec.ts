import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { LedgerAppender } from '@taxchain/ledger';
import { GivenAccess, createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import { auditService } from '../../apps/audit/src/audit.service-definition';
import { GivenLedgerEvents, type IssuedInvoice } from '../support/given-ledger-events';
import { recordReliability } from '../support/reliability-report';
import { SWEEP_PAUSE_MS, startSweepingAudit } from '../support/sweeping-audit';

const INVOICES = 60;
/** Small on purpose: a pass over the ~60 entries takes well under a second. */
const SWEEP_RATE = 200;
const READ_TARGET_MS = 5_000;

interface ChainBreakAnomaly {
  evidence: { chain: number; seq: number; reason: string; source: string };
}

interface Edit {
  name: string;
  /** The statement run as the superuser with the triggers off; $1 chain, $2 seq. */
  sql: string;
  /** Undoes it, so the next edit's chain verifies up to it again. */
  undo: string;
  /** Where a read refuses the entry (a moved entry is refused where it now stands). */
  readSeq: (seq: number) => number;
  /** Where the sweep names the break. */
  sweepSeq: (seq: number, sealedSize: number) => number;
  /** No read serves it for the server to check: clients check a checkpoint's signature. */
  unread?: true;
}

const EDITS: Edit[] = [
  {
    name: 'payload (gross ×10)',
    sql: `UPDATE ledger.entries SET payload = replace(payload, '"gross":"', '"gross":"9')
           WHERE chain = $1 AND seq = $2`,
    undo: `UPDATE ledger.entries SET payload = replace(payload, '"gross":"9', '"gross":"')
            WHERE chain = $1 AND seq = $2`,
    readSeq: (seq) => seq,
    sweepSeq: (seq) => seq,
  },
  {
    name: 'seq',
    sql: 'UPDATE ledger.entries SET seq = seq + 1000000 WHERE chain = $1 AND seq = $2',
    undo: 'UPDATE ledger.entries SET seq = seq - 1000000 WHERE chain = $1 AND seq = $2 + 1000000',
    readSeq: (seq) => seq + 1_000_000,
    sweepSeq: (seq) => seq,
  },
  {
    name: 'recorded_at',
    sql: `UPDATE ledger.entries SET recorded_at = recorded_at - interval '1 day'
           WHERE chain = $1 AND seq = $2`,
    undo: `UPDATE ledger.entries SET recorded_at = recorded_at + interval '1 day'
            WHERE chain = $1 AND seq = $2`,
    readSeq: (seq) => seq,
    sweepSeq: (seq) => seq,
  },
  {
    name: 'actor',
    sql: `UPDATE ledger.entries SET actor = 'x' || actor WHERE chain = $1 AND seq = $2`,
    undo: `UPDATE ledger.entries SET actor = substr(actor, 2) WHERE chain = $1 AND seq = $2`,
    readSeq: (seq) => seq,
    sweepSeq: (seq) => seq,
  },
  {
    name: 'checkpoint row (root)',
    sql: `UPDATE ledger.checkpoints SET root = sha256(root)
           WHERE chain = $1 AND size = (SELECT min(size) FROM ledger.checkpoints
                                         WHERE chain = $1 AND size > $2)`,
    undo: `UPDATE ledger.checkpoints SET root = $3
            WHERE chain = $1 AND size = (SELECT min(size) FROM ledger.checkpoints
                                          WHERE chain = $1 AND size > $2)`,
    readSeq: (seq) => seq,
    sweepSeq: (_seq, sealedSize) => sealedSize - 1,
    unread: true,
  },
];

/**
 * A sealed entry (one a checkpoint covers) edited in place as the PostgreSQL superuser with the
 * ledger's triggers off, its hashes left alone: how soon is it a chain_break anomaly naming its
 * chain and seq, (a) once someone reads the invoice, and (b) with nobody reading it at all?
 */
describe('an in-place edit of sealed history', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let db: DataSource;
  let url: string;
  let official: string;
  let superuser: Client;
  const victims: IssuedInvoice[] = [];

  const breaks = async (): Promise<ChainBreakAnomaly[]> =>
    (
      await request(url)
        .get('/anomalies?type=chain_break&limit=200')
        .set('Authorization', `Bearer ${official}`)
        .expect(200)
    ).body.items as ChainBreakAnomaly[];
  /** Milliseconds from `since` until a chain_break names this chain and seq. */
  const detected = async (chain: number, seq: number, since: number): Promise<number> => {
    for (;;) {
      if ((await breaks()).some((a) => a.evidence.chain === chain && a.evidence.seq === seq))
        return Date.now() - since;
      if (Date.now() - since > 60_000) throw new Error(`chain ${chain} seq ${seq} not flagged`);
      await new Promise((done) => setTimeout(done, 50));
    }
  };
  const sealedSize = async (chain: number, seq: number): Promise<number> => {
    const [row] = await db.query<Array<{ size: string; root: Buffer }>>(
      'SELECT min(size)::text AS size FROM ledger.checkpoints WHERE chain = $1 AND size > $2',
      [chain, seq],
    );
    return Number(row.size);
  };
  const intact = async (chain: number): Promise<void> => {
    for (let tries = 0; tries < 300; tries += 1) {
      const { body } = await request(url).get('/health').expect(200);
      const breaks = body.details.verification.breaks as Array<{ chain: number }>;
      if (!breaks.some((b) => b.chain === chain)) return;
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error(`chain ${chain} still broken`);
  };
  const sweepPeriodMs = async (): Promise<number> => {
    const [row] = await db.query<Array<{ n: string }>>('SELECT count(*) n FROM ledger.entries');
    return (Number(row.n) / SWEEP_RATE) * 1000 + SWEEP_PAUSE_MS;
  };

  beforeAll(async () => {
    database = await createTestDatabase(auditService.migrations);
    app = await startSweepingAudit(database.url, SWEEP_RATE);
    url = await app.getUrl();
    db = app.get(DataSource);
    official = (await GivenAccess.from(app).official()).token;
    const given = new GivenLedgerEvents(app.get(LedgerAppender));
    for (let i = 0; i < INVOICES; i += 1) victims.push(await given.issued());
    // Sealed: a checkpoint beyond every victim of the test on its chain.
    for (const chain of [0, 1]) {
      const last = Math.max(
        ...victims.filter((v) => v.entry.chain === chain).map((v) => v.entry.seq),
      );
      for (let tries = 0; (await sealedSize(chain, last)) === 0 && tries < 300; tries += 1)
        await new Promise((done) => setTimeout(done, 100));
    }
    superuser = new Client({ connectionString: database.url });
    await superuser.connect();
    await superuser.query('SET session_replication_role = replica'); // triggers off
  }, 120_000);

  afterAll(async () => {
    await superuser?.end();
    await app?.close();
    await database?.drop();
  });

  it('is flagged, chain and seq named, within 5 s of a read and within one sweep period unread', async () => {
    const figures: string[] = [];
    // Two victims per edit, on chain 0 (read) and chain 1 (unread), early in their chains.
    const pick = (chain: number, i: number) =>
      victims.filter((v) => v.entry.chain === chain)[i + 1];
    for (const [i, edit] of EDITS.entries()) {
      let readMs: number | undefined;
      if (!edit.unread) {
        const read = pick(0, i);
        const { chain, seq } = read.entry;
        await superuser.query(edit.sql, [chain, seq]);
        const started = Date.now();
        const refused = await request(url)
          .get(`/invoices/${read.invoiceNumber}/trail`)
          .set('Authorization', `Bearer ${official}`)
          .expect(409)
          .expect('Content-Type', /application\/problem\+json/);
        expect(refused.body).toMatchObject({
          type: 'urn:taxchain:problem:ledger-entry-tampered',
          chain,
          seq: edit.readSeq(seq),
        });
        expect(JSON.stringify(refused.body)).not.toContain('"gross":"9');
        readMs = await detected(chain, edit.readSeq(seq), started);
        expect(readMs).toBeLessThanOrEqual(READ_TARGET_MS);
        await superuser.query(edit.undo, [chain, seq]);
      }
      const unread = pick(1, i);
      const { chain, seq } = unread.entry;
      const size = await sealedSize(chain, seq);
      const [{ root }] = await db.query<Array<{ root: Buffer }>>(
        'SELECT root FROM ledger.checkpoints WHERE chain = $1 AND size = $2',
        [chain, size],
      );
      // The previous edit undone: a pass finds the chain intact again before the next edit.
      await intact(chain);
      const period = await sweepPeriodMs();
      await superuser.query(edit.sql, [chain, seq]);
      const unreadMs = await detected(chain, edit.sweepSeq(seq, size), Date.now());
      const health = await request(url).get('/health').expect(200);
      expect(health.body.details.verification.breaks).toContainEqual(
        expect.objectContaining({ chain, seq: edit.sweepSeq(seq, size) }),
      );
      expect(unreadMs).toBeLessThanOrEqual(period);
      await superuser.query(edit.undo, edit.unread ? [chain, seq, root] : [chain, seq]);
      figures.push(
        `| ${edit.name} | ${readMs === undefined ? 'n/a (no read serves it unchecked)' : `${(readMs / 1000).toFixed(1)} s`} | ${(unreadMs / 1000).toFixed(1)} s | ${(period / 1000).toFixed(1)} s |`,
      );
    }
    const metrics = (await request(url).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^audit_sweep_passes_total [1-9]/m);
    expect(metrics).toMatch(/^audit_sweep_last_pass_seconds \d/m);
    recordReliability(
      'sealed-edit',
      [
        `One sealed entry of a ${INVOICES}-invoice ledger (2 chains, sealed every 10) edited in place per row, as the superuser with the triggers off; the sweep at ${SWEEP_RATE} entries/s. Detection is the time until a chain_break anomaly names the chain and the seq.`,
        '',
        '| edited | after a read (target ≤ 5 s) | nobody reading (target ≤ one sweep period) | sweep period |',
        '| --- | --- | --- | --- |',
        ...figures,
      ].join('\n'),
    );
  }, 300_000);
});
