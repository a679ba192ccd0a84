import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { PoolClient } from 'pg';
import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import { ledgerMigrations } from '../migrations';
import { ledgerHarness, type LedgerHarness } from '../testing/ledger-harness';
import { ChainVerifier } from '../verify/chain-verifier';
import { LedgerAppender } from './ledger-appender';
import { shareIn, type SharedStep, type UnitOfWork } from './unit-of-work';

const run = promisify(execFile);

function unit(
  subject: string,
  identity = subject,
  payload: unknown = { subject },
): UnitOfWork<string> {
  return {
    subject,
    run: async (tx) => {
      await tx.query('INSERT INTO ledger_test.rows (subject) VALUES ($1)', [subject]);
      return {
        value: subject,
        entries: [{ kind: 'test.recorded', subject, actor: 'tester', payload, identity }],
      };
    },
  };
}

describe(LedgerAppender.name, () => {
  let database: TestDatabase;
  let ledger: LedgerHarness;

  beforeAll(async () => {
    database = await createTestDatabase([ledgerMigrations]);
    ledger = await ledgerHarness(database.url);
    await ledger.dataSource.query(
      'CREATE SCHEMA ledger_test; CREATE TABLE ledger_test.rows (subject text NOT NULL)',
    );
  });

  afterAll(async () => {
    await ledger?.close();
    await database?.drop();
  });

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await ledger.dataSource.query<Array<{ n: string }>>(sql, params))[0].n);

  it('commits the caller row and its entry together, linked after the chain head', async () => {
    const first = await ledger.appender.commit(unit('invoice-a'));
    const second = await ledger.appender.commit(unit('invoice-a', 'invoice-a#2'));
    if (first.replayed || second.replayed) throw new Error('unexpected replay');
    expect(first.value).toBe('invoice-a');
    expect(second.entries[0].seq).toBe(first.entries[0].seq + 1);
    expect(second.entries[0].prevHash).toBe(first.entries[0].entryHash);
    expect(await count("SELECT count(*) n FROM ledger_test.rows WHERE subject = 'invoice-a'")).toBe(
      2,
    );
  });

  it('runs a unit that arrives just as the previous flush finishes, at every microtask offset', async () => {
    const unanswered: number[] = [];
    for (let hops = 0; hops < 40; hops += 1) {
      // One subject, so both land on one chain.
      await ledger.appender.commit(unit('wake', `wake-${hops}-a`));
      for (let i = 0; i < hops; i += 1) await Promise.resolve();
      const next = ledger.appender.commit(unit('wake', `wake-${hops}-b`));
      const answered = await Promise.race([
        next.then(() => true),
        new Promise<boolean>((done) => setTimeout(done, 2_000, false)),
      ]);
      if (!answered) {
        unanswered.push(hops);
        break;
      }
    }
    expect(unanswered).toEqual([]);
  }, 120_000);

  it('writes neither the row nor the entry when the unit of work fails', async () => {
    const failing: UnitOfWork<never> = {
      subject: 'invoice-b',
      run: async (tx) => {
        await tx.query("INSERT INTO ledger_test.rows (subject) VALUES ('invoice-b')");
        throw new Error('refused by the service');
      },
    };
    await expect(ledger.appender.commit(failing)).rejects.toThrow('refused by the service');
    expect(await count("SELECT count(*) n FROM ledger_test.rows WHERE subject = 'invoice-b'")).toBe(
      0,
    );
    expect(await count("SELECT count(*) n FROM ledger.entries WHERE subject = 'invoice-b'")).toBe(
      0,
    );
  });

  it('returns the original entry for a repeated identity and writes nothing', async () => {
    const original = await ledger.appender.commit(unit('invoice-c'));
    const again = await ledger.appender.commit(unit('invoice-c'));
    expect(again.replayed).toBe(true);
    expect(again.entries).toEqual(original.entries);
    expect(await count("SELECT count(*) n FROM ledger.entries WHERE identity = 'invoice-c'")).toBe(
      1,
    );
    expect(await count("SELECT count(*) n FROM ledger_test.rows WHERE subject = 'invoice-c'")).toBe(
      1,
    );
  });

  it('answers replays mixed into concurrent new units with their originals, and appends the rest', async () => {
    const originals = await Promise.all(
      Array.from({ length: 10 }, (_, i) => ledger.appender.commit(unit(`mix-${i}`))),
    );
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => ledger.appender.commit(unit(`mix-${i}`))),
    );
    results.slice(0, 10).forEach((result, i) => {
      expect(result.replayed).toBe(true);
      expect(result.entries).toEqual(originals[i].entries);
    });
    expect(results.slice(10).filter((r) => !r.replayed)).toHaveLength(20);
    expect(await count("SELECT count(*) n FROM ledger.entries WHERE subject LIKE 'mix-%'")).toBe(
      30,
    );
    // a replay's own row is rolled back with it
    expect(await count("SELECT count(*) n FROM ledger_test.rows WHERE subject LIKE 'mix-%'")).toBe(
      30,
    );
  });

  it('fails only the failing unit of a concurrent batch', async () => {
    const subjects = Array.from({ length: 50 }, (_, i) => `batch-${i}`);
    const results = await Promise.allSettled(
      subjects.map((subject, i) =>
        i === 17
          ? ledger.appender.commit({ subject, run: () => Promise.reject(new Error('bad unit')) })
          : ledger.appender.commit(unit(subject)),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(await count("SELECT count(*) n FROM ledger.entries WHERE subject LIKE 'batch-%'")).toBe(
      49,
    );
  });

  it('fails a unit whose connection died mid-batch with the connection error, and goes on', async () => {
    const dying: UnitOfWork<string> = {
      subject: 'invoice-lost',
      run: async (tx) => {
        const client = (await tx.queryRunner!.connect()) as PoolClient;
        const [{ pid }] = await tx.query<Array<{ pid: number }>>('SELECT pg_backend_pid() AS pid');
        const died = once(client, 'error');
        await ledger.dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
        await died;
        return unit('invoice-lost').run(tx, undefined);
      },
    };
    // 57P01: terminating connection due to administrator command (not "query runner already released")
    await expect(ledger.appender.commit(dying)).rejects.toMatchObject({ code: '57P01' });
    expect(
      await count("SELECT count(*) n FROM ledger.entries WHERE subject = 'invoice-lost'"),
    ).toBe(0);
    expect((await ledger.appender.commit(unit('invoice-after-loss'))).replayed).toBe(false);
  });

  it('records the same identity once when it races with itself', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => ledger.appender.commit(unit('invoice-d'))),
    );
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await count("SELECT count(*) n FROM ledger.entries WHERE identity = 'invoice-d'")).toBe(
      1,
    );
  });

  it('stores each entry with its own actor signature, or none, when signed and unsigned share a batch', async () => {
    // One subject, so they land on one chain: all but the first go in one transaction.
    const signature = (i: number) =>
      i % 3 === 0 ? null : i.toString(16).padStart(2, '0').repeat(64);
    const committed = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        ledger.appender.commit({
          subject: 'signed-mix',
          run: async () => ({
            value: i,
            entries: [
              {
                kind: 'test.signed',
                subject: 'signed-mix',
                actor: 'tester',
                payload: { i },
                actorSignature: signature(i),
                identity: `signed-mix-${i}`,
              },
            ],
          }),
        }),
      ),
    );
    const stored = await ledger.dataSource.query<Array<{ identity: string; signature: string }>>(
      `SELECT identity, encode(actor_signature, 'hex') AS signature FROM ledger.entries
       WHERE subject = 'signed-mix' ORDER BY seq`,
    );
    expect(stored).toEqual(
      committed.map((_, i) => ({ identity: `signed-mix-${i}`, signature: signature(i) })),
    );
    expect(committed.map((c) => c.entries[0].actorSignature)).toEqual(
      stored.map((s) => s.signature),
    );
    // The first went alone, the eleven queued behind it together.
    expect(
      await count(
        "SELECT count(DISTINCT xmin::text) n FROM ledger.entries WHERE subject = 'signed-mix'",
      ),
    ).toBe(2);
  });

  it('runs a shared step once per transaction for the units naming it, each given its own answer', async () => {
    const calls: string[][] = [];
    // Writes every unit's row in one statement and answers with the row's position in it.
    const step: SharedStep<string, number> = {
      run: async (tx, subjects) => {
        calls.push([...subjects]);
        if (subjects.includes('shared-bad')) throw new Error('step refused shared-bad');
        await tx.query('INSERT INTO ledger_test.rows (subject) SELECT unnest($1::text[])', [
          subjects,
        ]);
        return subjects.map((_, i) => i);
      },
    };
    const sharing = (subject: string) =>
      ledger.appender.commit({
        // One subject for all, so they land on one chain and share transactions.
        subject: 'shared',
        shared: shareIn(step, subject),
        run: async (_tx, position: number) => ({
          value: { subject, position },
          entries: [
            {
              kind: 'test.recorded',
              subject: 'shared',
              actor: 'tester',
              payload: {},
              identity: subject,
            },
          ],
        }),
      });
    const subjects = Array.from({ length: 30 }, (_, i) => `shared-${i}`);
    const results = await Promise.allSettled([...subjects, 'shared-bad'].map(sharing));
    expect(
      results
        .slice(0, 30)
        .map((r) => r.status === 'fulfilled' && !r.value.replayed && r.value.value.subject),
    ).toEqual(subjects);
    expect(results[30]).toMatchObject({
      status: 'rejected',
      reason: { message: 'step refused shared-bad' },
    });
    // Fewer statements than units: they ran together, each unit with its place in its statement.
    expect(calls.length).toBeLessThan(30);
    for (const result of results.slice(0, 30))
      if (result.status === 'fulfilled' && !result.value.replayed) {
        const { subject, position } = result.value.value;
        expect(calls.some((inputs) => inputs[position] === subject)).toBe(true);
      }
    expect(
      await count("SELECT count(*) n FROM ledger_test.rows WHERE subject LIKE 'shared-%'"),
    ).toBe(30);
    expect(
      await count("SELECT count(*) n FROM ledger.entries WHERE identity LIKE 'shared-%'"),
    ).toBe(30);
  });

  it('keeps every chain gapless and unforked under 4 processes × 8 appenders × 1,000 entries', async () => {
    const worker = resolve(__dirname, '../../../../dist/libs/ledger/src/testing/append-load.js');
    const before = await count('SELECT count(*) n FROM ledger.entries');
    const outputs = await Promise.all(
      Array.from({ length: 4 }, () =>
        run(process.execPath, [worker, database.url, '8', '1000'], { maxBuffer: 1 << 20 }),
      ),
    );
    const appended = outputs.map((o) => JSON.parse(o.stdout.trim()) as { appended: number });
    expect(appended.map((a) => a.appended)).toEqual([8000, 8000, 8000, 8000]);
    expect(await count('SELECT count(*) n FROM ledger.entries')).toBe(before + 32_000);
    const verifier = new ChainVerifier(ledger.dataSource, ledger.authority.trusted);
    for (let chain = 0; chain < ledger.settings.chains; chain += 1) {
      const result = await verifier.verify(chain);
      expect(result).toMatchObject({ chain, ok: true });
      const [head] = await ledger.dataSource.query<Array<{ seq: string; n: string; max: string }>>(
        'SELECT (SELECT seq FROM ledger.heads WHERE chain = $1) seq, count(*) n, max(seq) max FROM ledger.entries WHERE chain = $1',
        [chain],
      );
      expect(Number(head.n)).toBe(Number(head.max) + 1);
      expect(Number(head.seq)).toBe(Number(head.max));
      expect(result.verified).toBe(Number(head.n));
    }
  }, 180_000);
});
