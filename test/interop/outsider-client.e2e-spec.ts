import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  startSecurityPlatform,
  type SecurityPlatform,
} from '../security/support/security-platform';
import { goBuild } from '../support/go-build';

const work = mkdtempSync(join(tmpdir(), 'taxchain-outsider-client-'));
const client = join(work, 'outsider-client');

/**
 * A newcomer's own client (test/interop/outsider-client/main.go: Go's standard library, written
 * from README.md, docs/spec and the OpenAPI documents alone) runs the whole life of an invoice
 * against the platform: parties with tax IDs it made from the documented rules, a key with its
 * proof of possession, an invoice, a replay, a void and a credit note it signed itself, the check
 * code it recomputed, and the buyer's verify, claim, completion and refused second claim, then the
 * official's trails and the merchant's proof. Each step answers the documented status.
 */
describe('an outsider’s Go client', () => {
  let platform: SecurityPlatform;

  beforeAll(async () => {
    goBuild(resolve(__dirname, 'outsider-client'), client, work);
    platform = await startSecurityPlatform();
  }, 180_000);

  afterAll(async () => {
    await platform?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('issues, voids, credits, verifies, claims and audits as the documents say', async () => {
    const env = {
      ...process.env,
      ADMIN_TOKEN: (await platform.given.admin()).token,
      ISSUING_URL: platform.urls.issuing,
      REIMBURSEMENT_URL: platform.urls.reimbursement,
      AUDIT_URL: platform.urls.audit,
    };
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((done) => {
      execFile(client, [], { env, encoding: 'utf8' }, (error, out) => {
        done({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout: out });
      });
    });
    const steps = stdout
      .split('\n')
      .filter((line) => /^(ok|FAIL) /.test(line))
      .map((line) => line.replace(/: .*$/, '').replace(/\d{6}$|91350100\w+/, '…'));
    expect({ code, steps }).toEqual({
      code: 0,
      steps: [
        'ok   register merchant …',
        'ok   register company',
        'ok   merchant credential',
        'ok   company credential',
        'ok   official credential',
        'ok   register key',
        'ok   issue',
        'ok   check code recomputed …',
        'ok   issue again (replay)',
        'ok   issue spare',
        'ok   void',
        'ok   credit',
        'ok   buyer verifies',
        'ok   claim',
        'ok   complete',
        'ok   claim again',
        'ok   official trail',
        'ok   official trail of the credit note',
        'ok   proof',
      ],
    });
  }, 120_000);
});
