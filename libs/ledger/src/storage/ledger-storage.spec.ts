import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import { verifyCheckpoint } from '../checkpoint';
import { fromHex, type Ed25519Engine } from '../crypto';
import { nativeEd25519 } from '../crypto/native-ed25519';
import { verifyConsistency } from '../merkle';
import { ledgerMigrations } from '../migrations';
import { Checkpointer } from '../relay/checkpointer';
import { ledgerHarness, type LedgerHarness } from '../testing/ledger-harness';
import { recordEntry } from '../testing/record-entry';
import { ChainVerifier, type VerifyProgress } from '../verify/chain-verifier';
import { LedgerProofs } from './ledger-proofs';
import { Cosignatures } from './cosignatures';
import { verifyProofBundle } from '../checkpoint';

describe('ledger storage', () => {
  let database: TestDatabase;
  let ledger: LedgerHarness;
  let proofs: LedgerProofs;

  beforeAll(async () => {
    database = await createTestDatabase([ledgerMigrations]);
    ledger = await ledgerHarness(database.url, { LEDGER_CHAINS: '1' });
    proofs = new LedgerProofs(
      ledger.dataSource,
      ledger.reader,
      new Cosignatures(ledger.dataSource),
    );
    const checkpointer = new Checkpointer(ledger.dataSource, 0, ledger.authority.current);
    for (let i = 0; i < 25_000; i += 500) {
      await Promise.all(
        Array.from({ length: 500 }, (_, k) => {
          const subject = `s-${i + k}`;
          return recordEntry(ledger.appender, {
            kind: 'test.recorded',
            subject,
            actor: 't',
            payload: { n: i + k },
            identity: subject,
          });
        }),
      );
      if ((i + 500) % 10_000 === 0) await checkpointer.seal();
    }
    await checkpointer.seal();
  }, 120_000);

  afterAll(async () => {
    await ledger?.close();
    await database?.drop();
  });

  it.each([
    'UPDATE ledger.entries SET actor = $$x$$',
    'DELETE FROM ledger.entries',
    'TRUNCATE ledger.entries',
    'DELETE FROM ledger.checkpoints',
    'TRUNCATE ledger.checkpoints',
  ])('refuses %s', async (sql) => {
    await expect(ledger.dataSource.query(sql)).rejects.toThrow(/append-only/);
  });

  it('gives an inclusion proof that checks offline with the authority key alone', async () => {
    const proof = await proofs.forSubject('s-12345');
    expect(proof.pending).toBe(false);
    const bundle = proof.entries[0].proof!;
    expect(bundle.checkpoint.size).toBe(25_000);
    expect(verifyProofBundle(bundle, ledger.authority.trusted)).toEqual({ ok: true });
    expect(
      verifyProofBundle({ ...bundle, index: bundle.index + 1 }, ledger.authority.trusted).ok,
    ).toBe(false);
  });

  it('proves that a later checkpoint extends an earlier one', async () => {
    const all = await ledger.reader.checkpoints(0);
    expect(all.map((c) => c.size)).toEqual([10_000, 20_000, 25_000]);
    const [first, last] = [all[0], all[2]];
    expect(verifyCheckpoint(first, ledger.authority.trusted)).toEqual({ ok: true });
    const { proof } = await proofs.consistency(0, first.size, last.size);
    expect(
      verifyConsistency(
        first.size,
        last.size,
        fromHex(first.root),
        fromHex(last.root),
        proof.map(fromHex),
      ),
    ).toBe(true);
  });

  it('reports progress, can be cancelled, and resumes from a checkpoint', async () => {
    const verifier = new ChainVerifier(ledger.dataSource, ledger.authority.trusted);
    const seen: VerifyProgress[] = [];
    const full = await verifier.verify(0, { onProgress: (p) => seen.push(p) });
    expect(full).toMatchObject({ ok: true, verified: 25_000 });
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(seen.at(-1)).toEqual({
      chain: 0,
      verified: 25_000,
      total: 25_000,
      lastGoodCheckpoint: expect.objectContaining({ chain: 0, size: 25_000 }),
    });

    const cancel = new AbortController();
    const cancelled = verifier.verify(0, {
      onProgress: () => cancel.abort(),
      signal: cancel.signal,
    });
    await expect(cancelled).rejects.toThrow(/abort/i);

    const resumed = await verifier.verify(0, { resumeFrom: await resumePoint(20_000) });
    expect(resumed).toMatchObject({ ok: true, verified: 25_000 });
  });

  it('checks the signatures of every checkpoint in a full pass, and none before the resume point in a resumed one', async () => {
    let checked = 0;
    const counting: Ed25519Engine = {
      ...nativeEd25519,
      verify: (...args) => {
        checked += 1;
        return nativeEd25519.verify(...args);
      },
    };
    const verifier = new ChainVerifier(ledger.dataSource, ledger.authority.trusted, counting);
    expect(await verifier.verify(0)).toMatchObject({ ok: true, verified: 25_000 });
    expect(checked).toBe(3);
    checked = 0;
    const resumed = await verifier.verify(0, { resumeFrom: await resumePoint(20_000) });
    expect(resumed).toMatchObject({ ok: true, verified: 25_000 });
    expect(checked).toBe(2);
  });

  async function resumePoint(size: number) {
    const [row] = await ledger.dataSource.query<
      Array<{ size: string; head_hash: Buffer; frontier: unknown }>
    >('SELECT size, head_hash, frontier FROM ledger.checkpoints WHERE chain = 0 AND size = $1', [
      size,
    ]);
    return {
      size: Number(row.size),
      headHash: row.head_hash.toString('hex'),
      frontier: row.frontier,
    };
  }
});
