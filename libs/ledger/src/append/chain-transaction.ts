import type { QueryRunner } from 'typeorm';
import type { EntryDraft, LedgerEntry } from '../ledger-entry';
import { ENTRY_COLUMNS, bytea, toEntry, type EntryRow } from '../storage/entry-row';
import { sealEntries, type ChainHead } from './seal-entries';
import type { PendingWork } from './pending-work';
import { LedgerErrorCode, LedgerException } from './errors';

interface Outcome {
  work: PendingWork;
  settle: () => void;
}

/**
 * One transaction for a batch of units of work on one chain: each runs inside its
 * own savepoint (a failing one is rolled back alone), then the chain head is locked
 * and every surviving entry is appended after it, then all commit together.
 */
export async function runChainTransaction(
  runner: QueryRunner,
  chain: number,
  batch: PendingWork[],
): Promise<{ settle: Array<() => void>; deferred: PendingWork[] }> {
  await runner.startTransaction('READ COMMITTED');
  try {
    const outcomes: Outcome[] = [];
    const deferred: PendingWork[] = [];
    const identities = new Set<string>();
    const toSeal: Array<{ work: PendingWork; value: unknown; drafts: EntryDraft[] }> = [];
    for (const [index, work] of batch.entries()) {
      const ran = await runInSavepoint(runner, `w${index}`, work, identities);
      if (ran.kind === 'deferred') deferred.push(work);
      else if (ran.kind === 'failed') outcomes.push({ work, settle: () => work.reject(ran.error) });
      else if (ran.kind === 'replayed')
        outcomes.push({
          work,
          settle: () => work.resolve({ replayed: true, entries: ran.entries }),
        });
      else toSeal.push({ work, value: ran.value, drafts: ran.drafts });
    }
    if (toSeal.length > 0) {
      const head = await lockHead(runner, chain);
      const sealed = sealEntries(
        head,
        toSeal.flatMap((w) => w.drafts),
        new Date(),
      );
      await insertEntries(runner, sealed.entries);
      await runner.query('UPDATE ledger.heads SET seq = $2, hash = $3 WHERE chain = $1', [
        chain,
        sealed.head.seq,
        Buffer.from(sealed.head.hash, 'hex'),
      ]);
      await runner.query("SELECT pg_notify('ledger_appended', $1)", [String(chain)]);
      let offset = 0;
      for (const { work, value, drafts } of toSeal) {
        const entries = sealed.entries.slice(offset, offset + drafts.length);
        offset += drafts.length;
        outcomes.push({ work, settle: () => work.resolve({ replayed: false, value, entries }) });
      }
    }
    await runner.commitTransaction();
    return { settle: outcomes.map((o) => o.settle), deferred };
  } catch (error) {
    await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  }
}

type Ran =
  | { kind: 'deferred' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'replayed'; entries: LedgerEntry[] }
  | { kind: 'ok'; value: unknown; drafts: EntryDraft[] };

async function runInSavepoint(
  runner: QueryRunner,
  name: string,
  work: PendingWork,
  batchIdentities: Set<string>,
): Promise<Ran> {
  await runner.query(`SAVEPOINT ${name}`);
  try {
    const { value, entries: drafts } = await work.unit.run(runner.manager);
    // The same identity twice in one batch: the later one waits for the next batch, where it is a replay.
    if (drafts.some((d) => batchIdentities.has(d.identity))) {
      await runner.query(`ROLLBACK TO SAVEPOINT ${name}`);
      return { kind: 'deferred' };
    }
    const foreign = drafts.find((d) => d.subject !== work.unit.subject);
    if (foreign)
      throw new LedgerException(
        LedgerErrorCode.SubjectMismatch,
        `entry about ${foreign.subject} in a unit of work about ${work.unit.subject}`,
      );
    const existing = await existingEntries(
      runner,
      drafts.map((d) => d.identity),
    );
    if (existing.length === 0) {
      await runner.query(`RELEASE SAVEPOINT ${name}`);
      for (const draft of drafts) batchIdentities.add(draft.identity);
      return { kind: 'ok', value, drafts };
    }
    await runner.query(`ROLLBACK TO SAVEPOINT ${name}`);
    if (existing.length === drafts.length) return { kind: 'replayed', entries: existing };
    return {
      kind: 'failed',
      error: new LedgerException(
        LedgerErrorCode.IdentityConflict,
        `already recorded: ${existing.map((e) => e.identity).join(', ')}`,
      ),
    };
  } catch (error) {
    await runner.query(`ROLLBACK TO SAVEPOINT ${name}`);
    return { kind: 'failed', error };
  }
}

async function existingEntries(runner: QueryRunner, identities: string[]): Promise<LedgerEntry[]> {
  if (identities.length === 0) return [];
  const rows = (await runner.query(
    `SELECT ${ENTRY_COLUMNS} FROM ledger.entries WHERE identity = ANY($1) ORDER BY chain, seq`,
    [identities],
  )) as EntryRow[];
  return rows.map(toEntry);
}

async function lockHead(runner: QueryRunner, chain: number): Promise<ChainHead> {
  const rows = (await runner.query(
    'SELECT seq, hash FROM ledger.heads WHERE chain = $1 FOR UPDATE',
    [chain],
  )) as Array<{ seq: string; hash: Buffer }>;
  if (rows.length === 0)
    throw new Error(
      `ledger chain ${chain} has no head row: is LEDGER_CHAINS larger than the ledger's?`,
    );
  return { chain, seq: Number(rows[0].seq), hash: rows[0].hash.toString('hex') };
}

async function insertEntries(runner: QueryRunner, entries: LedgerEntry[]): Promise<void> {
  const column = <K extends keyof LedgerEntry>(key: K) => entries.map((e) => e[key]);
  await runner.query(
    `INSERT INTO ledger.entries (${ENTRY_COLUMNS})
     SELECT * FROM unnest($1::int[], $2::bigint[], $3::bytea[], $4::bytea[], $5::text[], $6::text[], $7::text[],
                          $8::text[], $9::bytea[], $10::bytea[], $11::timestamptz[], $12::text[])`,
    [
      column('chain'),
      column('seq'),
      column('prevHash').map(bytea),
      column('entryHash').map(bytea),
      column('kind'),
      column('subject'),
      column('actor'),
      column('payload'),
      column('payloadHash').map(bytea),
      column('actorSignature').map((s) => (s === null ? null : bytea(s))),
      column('recordedAt'),
      column('identity'),
    ],
  );
}
