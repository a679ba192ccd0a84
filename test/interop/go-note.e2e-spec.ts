import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import {
  Checkpointer,
  NoteSignatureType,
  cosignatureTime,
  formatSignedNote,
  generateSecretKey,
  noteSignedBy,
  noteVerifierKey,
  nobleEd25519,
  parseCheckpointNoteText,
  parseSignedNote,
  parseVerifierKey,
  signaturesBy,
  toHex,
} from '@taxchain/ledger';
import { ledgerHarness, type LedgerHarness } from '@taxchain/ledger/testing/ledger-harness';
import { recordEntry } from '@taxchain/ledger/testing/record-entry';
import { createServiceApp } from '@taxchain/platform';
import { createTestDatabase, testConfig, type TestDatabase } from '@taxchain/platform/testing';
import { auditService } from '../../apps/audit/src/audit.service-definition';
import { goBuild } from '../support/go-build';

const work = mkdtempSync(join(tmpdir(), 'taxchain-go-note-'));
const goNote = join(work, 'go-note');

/** Runs Go's note implementation with `input` on stdin. */
function go(
  args: string[],
  input: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(goNote, args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin!.end(input);
  });
}

/**
 * Interoperability of the checkpoint notes with Go's golang.org/x/mod/sumdb/note (Debian's
 * golang-golang-x-mod-dev, built offline): Go verifies the note the audit service serves with the
 * vkey GET /authority publishes, and Tax Chain's verifier checks notes Go signed and cosigned.
 */
describe('checkpoint notes against Go’s sumdb/note', () => {
  const origin = 'tax.example/ledger';
  let database: TestDatabase;
  let ledger: LedgerHarness;
  let audit: INestApplication;
  let url: string;

  beforeAll(async () => {
    goBuild(resolve(__dirname, 'go-note'), goNote, work);
    database = await createTestDatabase(auditService.migrations);
    const overrides = {
      LEDGER_CHAINS: '1',
      LEDGER_ORIGIN: origin,
      LEDGER_WORKERS: 'false',
      AUTHORITY_KEY: toHex(generateSecretKey()),
    };
    ledger = await ledgerHarness(database.url, overrides);
    for (let n = 0; n < 5; n++) {
      const subject = `s-${n}`;
      await recordEntry(ledger.appender, {
        kind: 'test.recorded',
        subject,
        actor: 't',
        payload: { n },
        identity: subject,
      });
    }
    await new Checkpointer(ledger.dataSource, 0, ledger.authority.current, origin).seal();
    audit = await createServiceApp(auditService, testConfig(database.url, overrides));
    await audit.listen(0, '127.0.0.1');
    url = (await audit.getUrl()).replace('[::1]', '127.0.0.1');
  }, 120_000);

  afterAll(async () => {
    await audit?.close();
    await ledger?.close();
    await database?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  const served = async () => {
    const response = await fetch(`${url}/checkpoints/0`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const logs = (
      (await (await fetch(`${url}/authority`)).json()) as {
        logs: Array<{ chain: number; origin: string; vkeys: string[] }>;
      }
    ).logs;
    return { note: await response.text(), log: logs[0] };
  };

  it('serves a note Go verifies with the published vkey, for the chain’s origin and size', async () => {
    const { note, log } = await served();
    expect(log).toMatchObject({ chain: 0, origin: 'tax.example/ledger/0' });
    const result = await go(['verify', log.vkeys[0]], note);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const body = parseCheckpointNoteText(result.stdout)!;
    const latest = await ledger.reader.latestCheckpoint(0);
    expect(body).toEqual({
      origin: 'tax.example/ledger/0',
      size: 5,
      root: Uint8Array.from(Buffer.from(latest!.root, 'hex')),
    });
  });

  it('is refused by Go once altered, or under a vkey of another origin', async () => {
    const { note, log } = await served();
    const altered = await go(['verify', log.vkeys[0]], note.replace('\n5\n', '\n6\n'));
    expect(altered.code).toBe(1);
    expect(altered.stderr).toMatch(/invalid signature/);
    const other = log.vkeys[0].replace('tax.example/ledger/0', 'tax.example/ledger/1');
    expect((await go(['verify', other], note)).code).toBe(1);
  });

  it('agrees with every vector of docs/spec/vectors/checkpoint-notes.json', async () => {
    const vectors = JSON.parse(
      readFileSync(resolve(__dirname, '../../docs/spec/vectors/checkpoint-notes.json'), 'utf8'),
    ) as { vkeys: string[]; valid: Array<{ note: string }>; invalid: Array<{ note: string }> };
    // Go's note package is the note layer; the checkpoint text (size without a leading zero,
    // 32-byte root) is then read by ours, as a Go log client reads it with its own parser.
    const verdict = async (note: string) => {
      const results = await Promise.all(vectors.vkeys.map((vkey) => go(['verify', vkey], note)));
      const opened = results.find((result) => result.code === 0);
      return opened !== undefined && parseCheckpointNoteText(opened.stdout) !== undefined;
    };
    for (const v of vectors.valid) expect(await verdict(v.note)).toBe(true);
    for (const v of vectors.invalid) expect(await verdict(v.note)).toBe(false);
  });

  it('verifies, in TypeScript, a note Go signed and a cosignature Go added to ours', async () => {
    const seed = generateSecretKey();
    const text = 'go.example/log\n7\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n';
    const signed = await go(['sign', 'go.example/log', toHex(seed)], text);
    expect(signed.code).toBe(0);
    const goKey = noteVerifierKey(
      'go.example/log',
      NoteSignatureType.ed25519,
      nobleEd25519.publicKeyOf(seed),
    );
    expect(noteSignedBy(parseSignedNote(signed.stdout)!, goKey)).toBe(true);

    const { note, log } = await served();
    const cosigned = await go(
      ['cosign', log.vkeys[0], 'w.example/go', toHex(seed), '1796000000'],
      note,
    );
    expect(cosigned.code).toBe(0);
    const parsed = parseSignedNote(cosigned.stdout)!;
    expect(noteSignedBy(parsed, parseVerifierKey(log.vkeys[0])!)).toBe(true);
    const witness = noteVerifierKey(
      'w.example/go',
      NoteSignatureType.cosignatureV1,
      nobleEd25519.publicKeyOf(seed),
    );
    const [cosignature] = signaturesBy(parsed, witness);
    expect(cosignatureTime(parsed.text, cosignature, witness)).toBe(1_796_000_000);
    // The same cosignature over another text does not verify.
    const other = { ...parsed, text: parsed.text.replace('\n5\n', '\n6\n') };
    expect(cosignatureTime(other.text, cosignature, witness)).toBeUndefined();
    expect(formatSignedNote(parsed)).toBe(cosigned.stdout);
  });
});
