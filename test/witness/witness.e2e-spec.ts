import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cosignatureTime,
  parseSignatureLine,
  parseSignedNote,
  parseVerifierKey,
} from '@taxchain/ledger';
import { formatAddCheckpoint } from '@taxchain/ledger/witness';
import { TestLog } from './support/test-log';
import { WitnessProcess } from './support/witness-process';

/** `taxchain witness serve` as a process, driven over c2sp.org/tlog-witness by a log in memory. */
describe('taxchain witness', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taxchain-witness-'));
  const log = new TestLog('taxchain.test/ledger/0');
  let witness: WitnessProcess;

  const add = (body: string) =>
    fetch(`${witness.url}/add-checkpoint`, { method: 'POST', body }).then(async (response) => ({
      status: response.status,
      type: response.headers.get('content-type'),
      text: await response.text(),
    }));
  const evidence = async () =>
    (
      (await (await fetch(`${witness.url}/evidence`)).json()) as {
        evidence: Array<Record<string, unknown>>;
      }
    ).evidence;

  beforeAll(async () => {
    witness = await WitnessProcess.create(dir, 'witness.test/w1', [log.vkey]);
    await witness.start('--new-store');
  });
  afterAll(async () => {
    await witness.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('cosigns a checkpoint that extends the last one, and answers 409 with its size to a stale client', async () => {
    log.append(5);
    const first = await add(await log.addCheckpoint(0));
    expect(first.status).toBe(200);
    const cosignature = parseSignatureLine(first.text.trimEnd())!;
    const text = parseSignedNote(log.note())!.text;
    const stamp = cosignatureTime(text, cosignature, parseVerifierKey(witness.vkey)!);
    expect(Math.abs(stamp! - Date.now() / 1000)).toBeLessThan(60);

    log.append(6);
    expect(await add(await log.addCheckpoint(0))).toEqual({
      status: 409,
      type: 'text/x.tlog.size',
      text: '5\n',
    });
    expect((await add(await log.addCheckpoint(5))).status).toBe(200);
    const status = (await (await fetch(`${witness.url}/status`)).json()) as { logs: unknown[] };
    expect(status.logs).toEqual([expect.objectContaining({ origin: log.origin, size: 11 })]);
  });

  it('refuses a note it cannot trust: 400 malformed, 404 unknown log, 403 signed by another key', async () => {
    expect((await add('old 0\n\nnot a note\n')).status).toBe(400);
    const stranger = new TestLog('taxchain.test/ledger/9').append(2);
    expect((await add(await stranger.addCheckpoint(0))).status).toBe(404);
    const impostor = new TestLog(log.origin).append(12);
    expect((await add(await impostor.addCheckpoint(11))).status).toBe(403);
    expect(await evidence()).toEqual([]);
  });

  it('refuses a body that is not UTF-8 as malformed, whichever line the bytes spoil', async () => {
    const honest = await log.addCheckpoint(log.leaves.length);
    const spoiled = (at: string) => {
      const i = honest.indexOf(at);
      return Buffer.concat([
        Buffer.from(honest.slice(0, i)),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(honest.slice(i)),
      ]);
    };
    const answers = await Promise.all(
      ['old ', log.origin, '\n— '].map(async (at) => {
        const response = await fetch(`${witness.url}/add-checkpoint`, {
          method: 'POST',
          body: spoiled(at),
        });
        return [response.status, ((await response.json()) as { type: string }).type];
      }),
    );
    expect(answers).toEqual(Array(3).fill([400, 'urn:taxchain:witness:malformed-request']));
    expect(await evidence()).toEqual([]);
  });

  it('answers HEAD as GET without the body, and names the methods a path takes in a 405 (RFC 9110)', async () => {
    const answer = async (method: string, path: string) => {
      const response = await fetch(`${witness.url}${path}`, { method });
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        allow: response.headers.get('allow'),
        body: await response.text(),
      };
    };
    for (const path of ['/status', '/evidence'])
      expect(await answer('HEAD', path)).toEqual({
        status: 200,
        type: 'application/json',
        allow: null,
        body: '',
      });
    const refusals = [
      ['GET', '/add-checkpoint', 'POST'],
      ['PUT', '/status', 'GET, HEAD'],
      ['POST', '/evidence', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of refusals)
      expect(await answer(method, path)).toMatchObject({
        status: 405,
        type: 'application/problem+json',
        allow,
      });
  });

  it('refuses a split view, a rollback and an inconsistent extension, keeping both notes as evidence', async () => {
    const rewritten = [...log.leaves];
    rewritten[3] = new Uint8Array(32).fill(7);
    const forgedSame = log.note(11, rewritten);
    expect(await add(formatAddCheckpoint(11, [], forgedSame))).toMatchObject({
      status: 409,
      text: '11\n',
    });
    expect(await add(formatAddCheckpoint(0, [], log.note(4)))).toMatchObject({
      status: 409,
      text: '11\n',
    });
    rewritten.push(new Uint8Array(32).fill(8));
    const forgedLarger = log.note(12, rewritten);
    const proof = (await log.append(1).addCheckpoint(11))
      .split('\n\n')[0]
      .split('\n')
      .slice(1)
      .join('\n');
    expect((await add(`old 11\n${proof}\n\n${forgedLarger}`)).status).toBe(422);

    const kept = await evidence();
    expect(kept.map((item) => item.kind)).toEqual(['split-view', 'rollback', 'inconsistent']);
    expect(kept.map((item) => item.offeredNote)).toEqual([forgedSame, log.note(4), forgedLarger]);
    for (const item of kept) expect(item.cosignedNote).toBe(log.note(11));
  });

  it('restarted on its store, still refuses the rollback; with its store lost, refuses to start until told', async () => {
    await witness.stop('SIGKILL');
    await witness.start();
    expect(await add(formatAddCheckpoint(0, [], log.note(4)))).toMatchObject({
      status: 409,
      text: '11\n',
    });
    expect((await add(await log.addCheckpoint(11))).status).toBe(200);
    await witness.stop();
    expect(await witness.refusedStart('--new-store')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('store is not empty'),
    });

    await witness.loseStore();
    const refused = await witness.refusedStart();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the witness store is empty');
    expect(refused.stderr).toContain('--new-store');

    await witness.start('--new-store');
    expect((await add(formatAddCheckpoint(0, [], log.note(4)))).status).toBe(200);
  });
});
