import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PlatformCluster } from '../scripts/infra/platform-cluster';
import { readmeWalkthrough } from './support/readme-walkthrough';

const repoRoot = resolve(__dirname, '..');

interface Transcript {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The README's walk-through, word for word: every block it marks as runnable, in order, in one
 * bash shell at the checkout's root, against the platform as separate processes on a fresh
 * database. Only the ports differ from what a reader types.
 */
describe('README walk-through', () => {
  const home = mkdtempSync(join(tmpdir(), 'taxchain-readme-'));
  let cluster: PlatformCluster;
  let transcript: Transcript;

  beforeAll(async () => {
    cluster = await PlatformCluster.start({
      adminUrl: process.env.TEST_ADMIN_DATABASE_URL!,
      kafkaBrokers: process.env.KAFKA_BROKERS!,
      // As `npm start` runs it: webhooks may go to loopback.
      env: { LOG_LEVEL: 'warn', CHECKPOINT_INTERVAL_MS: '500', WEBHOOKS_ALLOW_LOOPBACK: 'true' },
    });
    const ports = {
      3001: cluster.instance('issuing').url,
      3002: cluster.instance('reimbursement').url,
      3003: cluster.instance('audit').url,
    };
    const script = readmeWalkthrough(readFileSync(join(repoRoot, 'README.md'), 'utf8')).replace(
      /http:\/\/127\.0\.0\.1:(300[123])/g,
      (_, port: keyof typeof ports) => ports[port],
    );
    transcript = await bash(script, {
      PATH: process.env.PATH ?? '',
      HOME: home,
      TMPDIR: home,
      DATABASE_URL: cluster.databaseUrl,
    });
  }, 300_000);

  afterAll(async () => {
    await cluster?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('runs every block to the end, each command succeeding', () => {
    if (transcript.code !== 0) process.stderr.write(transcript.stderr.slice(-6000));
    expect(transcript.code).toBe(0);
  });

  it('leaves what the README says it does: a verified proof, PDFs, a CSV export', () => {
    expect(transcript.stdout).toMatch(/"verified": true/);
    const scratch = readdirSync(home)
      .map((name) => join(home, name))
      .find((dir) => existsSync(join(dir, 'invoice.json')));
    expect(scratch).toBeDefined();
    for (const pdf of ['invoice.pdf', 'third.pdf'])
      expect(readFileSync(join(scratch!, pdf)).subarray(0, 5).toString()).toBe('%PDF-');
    const csv = readFileSync(join(scratch!, 'invoices.csv'), 'utf8').trim().split('\n');
    // Header, the credited and the voided invoice, the credit note, the curl one and the batch's two.
    expect(csv.length).toBeGreaterThanOrEqual(6);
  });

  it('settles the claim it makes: the completed claim is listed', () => {
    expect(transcript.stdout).toMatch(/"state": ?"completed"/);
  });
});

function bash(script: string, env: NodeJS.ProcessEnv): Promise<Transcript> {
  return new Promise((done) => {
    execFile(
      'bash',
      ['-c', script],
      { cwd: repoRoot, env, encoding: 'utf8', timeout: 240_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) =>
        done({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
