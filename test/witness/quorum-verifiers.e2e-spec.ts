import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import {
  checkpointNoteText,
  cosignNote,
  fromHex,
  generateSecretKey,
  toHex,
  type ProofBundle,
} from '@taxchain/ledger';
import { WitnessKey } from '@taxchain/ledger/witness/witness-key';
import { GivenAccess } from '@taxchain/platform/testing';
import { MerchantSigner } from '../../scripts/load/merchant-signer';
import { launchFreshChromium, type FreshChromium } from '../support/chromium';
import { buildJavaVerifier, javaVerifier } from '../support/java-verifier';
import { runCommand, type Run } from '../support/run-command';
import { WitnessedPlatform, within } from './support/witnessed-platform';

const cli = resolve(__dirname, '../../dist/apps/cli/src/main.js');

interface CliVerdict {
  verified: boolean;
  entries: Array<{ ok: boolean; reason?: string; cosignedBy?: string[] }>;
}

/**
 * Every verifier holds the policy "k of these n witnesses" and says verified only when k of
 * them validly cosigned the bundle's checkpoint: `taxchain verify --witness … --quorum k`, the
 * reimbursement service (VERIFY_WITNESSES), the dashboard in Chromium and the Java verifier,
 * against three real witness processes; then against a forged response: cosignatures under two
 * of the trusted witnesses' names made by another key, and a genuine cosignature by a witness
 * the policy does not name.
 */
describe('witness quorum in every verifier', () => {
  const work = mkdtempSync(join(tmpdir(), 'taxchain-quorum-'));
  // A real witness key that is in no policy: it cosigns in the forged response.
  const stranger = WitnessKey.create('witness.test/stranger', generateSecretKey());
  let platform: WitnessedPlatform;
  let chromium: FreshChromium;
  let merchant: string;
  let company: string;
  let official: string;
  let invoice: { invoiceNumber: string; checkCode: string };
  let vkeys: string[];
  let javaBuild: Promise<Run>;

  const taxchain = (...args: string[]) =>
    runCommand(process.execPath, [
      cli,
      '--url',
      platform.urls.issuing,
      '--token',
      merchant,
      'verify',
      invoice.invoiceNumber,
      '--authority-key',
      toHex(platform.authorityKeys.values().next().value!),
      '--wait',
      '3',
      ...args,
    ]);
  const cliVerdict = async (...args: string[]) => {
    const result = await taxchain(...args);
    const verdict = JSON.parse(result.stdout) as CliVerdict;
    return { code: result.code, verified: verdict.verified, reason: verdict.entries[0].reason };
  };
  const reimbursementVerdict = async () => {
    const response = await fetch(
      `${platform.urls.reimbursement}/invoices/${invoice.invoiceNumber}?checkCode=${invoice.checkCode}`,
      { headers: { authorization: `Bearer ${company}` } },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { chain: string; chainProblem?: string };
    return { chain: body.chain, chainProblem: body.chainProblem };
  };
  const proofFile = async () => {
    const response = await fetch(
      `${platform.urls.issuing}/invoices/${invoice.invoiceNumber}/proof`,
      { headers: { authorization: `Bearer ${merchant}` } },
    );
    const path = join(work, `proof-${Date.now()}.json`);
    writeFileSync(path, await response.text());
    return path;
  };
  const javaVerdict = async (...policy: string[]) => {
    const built = await javaBuild;
    if (built.code !== 0) throw new Error(`mvn package failed:\n${built.stdout}${built.stderr}`);
    const args = ['proof', '--authority', `${platform.url}/authority`, ...policy];
    const result = await javaVerifier([...args, await proofFile()]);
    const report = JSON.parse(result.stdout) as { entries: Array<{ verdict: string }> };
    return { code: result.code, verdict: report.entries[0].verdict };
  };
  const browserVerdict = async () => {
    const page = await chromium.context.newPage();
    await page.goto(`${platform.url}/`);
    await page.fill('#token', official);
    await page.click('button[type=submit]');
    await page.waitForSelector('#chain-health');
    // The overview's witness card: one row per witness (one chain here) and the quorum badge.
    const card = {
      met: await page.locator('#witness-quorum').getAttribute('data-met'),
      rows: await page.locator('#witness-table tbody tr').count(),
    };
    await pinVerifierPolicy(page);
    await page.goto(`${platform.url}/#/invoice/${invoice.invoiceNumber}`);
    const verdict = page.locator('#verdict');
    await verdict.waitFor();
    const shown = {
      state: await verdict.getAttribute('data-verdict'),
      text: await verdict.textContent(),
      card,
    };
    await page.close();
    return shown;
  };
  const policy = (...keys: string[]) => keys.flatMap((key) => ['--witness', key]);
  /**
   * The official pins, on the dashboard's Keys page, the authority key and the policy every other
   * verifier here holds (all three witnesses, quorum 2): the browser verifies against pins only.
   */
  const pinVerifierPolicy = async (page: Page) => {
    await page.goto(`${platform.url}/#/trust`);
    await page.waitForSelector('#pin-form');
    if ((await page.locator('#unpin').count()) > 0) return;
    await page.fill('#pin-keys', toHex(platform.authorityKeys.values().next().value!));
    await page.fill('#pin-witnesses', vkeys.join('\n'));
    await page.fill('#pin-quorum', '2');
    await page.click('#pin-save');
    await page.waitForSelector('#unpin');
  };

  beforeAll(async () => {
    javaBuild = buildJavaVerifier();
    platform = await WitnessedPlatform.start(3, {
      allServices: true,
      env: (witnesses) => ({
        VERIFY_WITNESSES: witnesses.map((w) => w.vkey).join(' '),
        VERIFY_WITNESS_QUORUM: '2',
      }),
    });
    vkeys = platform.witnesses.map((w) => w.vkey);
    const access = GivenAccess.from(platform.app);
    const seller = await access.merchant();
    const buyer = await access.company();
    [merchant, company, official] = [seller.token, buyer.token, (await access.official()).token];
    const signer = new MerchantSigner(seller.party);
    const post = async (path: string, body: object) => {
      const response = await fetch(`${platform.urls.issuing}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${merchant}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(201);
      return (await response.json()) as Record<string, string>;
    };
    await post('/keys', signer.registration());
    const issued = await post('/invoices', signer.signed(signer.invoice(buyer.party.taxId)));
    invoice = { invoiceNumber: issued.invoiceNumber, checkCode: issued.checkCode };
    // Sealed and cosigned by all three, and visible to the buyer's service.
    await within(20_000, async () => {
      const [{ size }] = await platform.app
        .get(DataSource)
        .query<Array<{ size: string }>>('SELECT seq + 1 AS size FROM ledger.heads WHERE chain = 0');
      const served = await platform.servedNote();
      return served.size === Number(size) && served.cosignedBy.length === 3;
    });
    await within(20_000, async () => (await reimbursementVerdict().catch(() => null)) !== null);
    chromium = await launchFreshChromium({ width: 1280, height: 900 });
  }, 360_000);

  afterAll(async () => {
    await chromium?.close();
    await platform?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('verifies the honest bundle at quorum in the CLI, the reimbursement service, the browser and Java', async () => {
    expect(await cliVerdict(...policy(...vkeys), '--quorum', '2')).toEqual({
      code: 0,
      verified: true,
      reason: undefined,
    });
    expect(await cliVerdict(...policy(...vkeys), '--quorum', '3')).toMatchObject({ code: 0 });
    expect(await reimbursementVerdict()).toEqual({ chain: 'valid', chainProblem: undefined });
    expect(await browserVerdict()).toMatchObject({
      state: 'verified',
      text: expect.stringContaining('每个检查点均有至少 2 个受信任见证方的联署'),
      card: { met: 'true', rows: 3 },
    });
    expect(await javaVerdict(...policy(...vkeys), '--quorum', '2')).toEqual({
      code: 0,
      verdict: 'ok',
    });
  });

  it('refuses below quorum: a policy naming a witness that did not cosign', async () => {
    expect(await cliVerdict(...policy(vkeys[0], stranger.vkey), '--quorum', '2')).toEqual({
      code: 3,
      verified: false,
      reason: 'below-quorum',
    });
    expect(await javaVerdict(...policy(vkeys[0], stranger.vkey))).toEqual({
      code: 3,
      verdict: 'below-quorum',
    });
  });

  it('refuses forged cosignatures under trusted names and does not count a witness outside the policy', async () => {
    await forgeCosignatures();
    // w1's cosignature is genuine, w2's and w3's were made by another key: one of the two needed.
    expect(await cliVerdict(...policy(...vkeys), '--quorum', '2')).toEqual({
      code: 3,
      verified: false,
      reason: 'below-quorum',
    });
    expect(await cliVerdict(...policy(...vkeys), '--quorum', '1')).toMatchObject({
      code: 0,
      verified: true,
    });
    // The stranger's cosignature is genuine (a policy naming it counts it), yet it is not one of
    // the trusted witnesses.
    expect(await cliVerdict(...policy(vkeys[0], stranger.vkey), '--quorum', '2')).toMatchObject({
      code: 0,
      verified: true,
    });
    expect(await reimbursementVerdict()).toEqual({
      chain: 'pending',
      chainProblem: expect.stringMatching(/below-quorum, cosigned by 1 of the 2/),
    });
    expect(await browserVerdict()).toMatchObject({
      state: 'failed',
      text: expect.stringContaining('below-quorum'),
    });
    expect(await javaVerdict(...policy(...vkeys), '--quorum', '2')).toEqual({
      code: 3,
      verdict: 'below-quorum',
    });
    expect(await javaVerdict(...policy(vkeys[0], stranger.vkey), '--quorum', '2')).toEqual({
      code: 0,
      verdict: 'ok',
    });
  });

  /**
   * What someone holding the database can serve: w2's and w3's cosignatures of the newest
   * checkpoint replaced by ones the stranger's key made (their names kept), and the stranger's
   * own genuine cosignature added.
   */
  async function forgeCosignatures(): Promise<void> {
    const db = platform.app.get(DataSource);
    const [checkpoint] = await db.query<Array<{ size: string; root: string; origin: string }>>(
      `SELECT size, encode(root, 'hex') AS root, origin FROM ledger.checkpoints
       WHERE chain = 0 ORDER BY size DESC LIMIT 1`,
    );
    const text = checkpointNoteText({
      origin: checkpoint.origin,
      size: Number(checkpoint.size),
      root: fromHex(checkpoint.root),
    });
    const cosignature = cosignNote(text, stranger.signer, Math.floor(Date.now() / 1000));
    await db.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(
        'UPDATE ledger.cosignatures SET signature = $1 WHERE chain = 0 AND size = $2 AND witness = ANY($3)',
        [Buffer.from(cosignature.signature), checkpoint.size, vkeys.slice(1)],
      );
      await tx.query(
        `INSERT INTO ledger.cosignatures (chain, size, witness, signature, cosigned_at)
         VALUES (0, $1, $2, $3, now())`,
        [checkpoint.size, stranger.vkey, Buffer.from(cosignature.signature)],
      );
    });
    const bundle = JSON.parse(
      await (
        await fetch(`${platform.urls.issuing}/invoices/${invoice.invoiceNumber}/proof`, {
          headers: { authorization: `Bearer ${merchant}` },
        })
      ).text(),
    ) as { entries: Array<{ proof: ProofBundle }> };
    expect(bundle.entries[0].proof.witnessed?.cosignatures).toHaveLength(4);
  }
});
