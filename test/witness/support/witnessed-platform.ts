import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import {
  NoteSignatureType,
  chainOrigin,
  cosignatureTime,
  formatVerifierKey,
  generateSecretKey,
  keyId,
  nobleEd25519,
  noteVerifierKey,
  parseSignedNote,
  parseVerifierKey,
  toHex,
} from '@taxchain/ledger';
import type { WitnessStatusReport } from '@taxchain/ledger/witness/witness-status-report';
import {
  DEFAULT_LEDGER_ORIGIN,
  createServiceApp,
  type ServiceDefinition,
} from '@taxchain/platform';
import { createTestDatabase, testConfig, type TestDatabase } from '@taxchain/platform/testing';
import { auditService } from '../../../apps/audit/src/audit.service-definition';
import { issuingService } from '../../../apps/issuing/src/issuing.service-definition';
import { reimbursementService } from '../../../apps/reimbursement/src/reimbursement.service-definition';
import { WitnessProcess } from './witness-process';

/** What runs beside the witnesses: the audit service alone, or every service. */
export interface PlatformOptions {
  /** Issuing and reimbursement too, on the same database, sharing the chain. */
  allServices?: boolean;
  /** More settings, knowing the witnesses (for a verifier's witness policy). */
  env?: (witnesses: WitnessProcess[]) => Record<string, string>;
}

/**
 * The audit service (ledger workers, checkpointer and cosignature collection included) on one
 * chain, with `count` witnesses as separate processes that follow that chain's log; optionally
 * the issuing and reimbursement services beside it.
 */
export class WitnessedPlatform {
  private constructor(
    /** The audit service. */
    readonly app: INestApplication,
    readonly url: string,
    /** Every service's base URL, by name. */
    readonly urls: Record<string, string>,
    private readonly apps: INestApplication[],
    readonly witnesses: WitnessProcess[],
    readonly authoritySecret: Uint8Array,
    private readonly database: TestDatabase,
    private readonly dir: string,
  ) {}

  static async start(count: number, options: PlatformOptions = {}): Promise<WitnessedPlatform> {
    const dir = mkdtempSync(join(tmpdir(), 'taxchain-witnessed-'));
    const authoritySecret = generateSecretKey();
    const origin = chainOrigin(DEFAULT_LEDGER_ORIGIN, 0);
    const logVkey = formatVerifierKey(
      noteVerifierKey(origin, NoteSignatureType.ed25519, nobleEd25519.publicKeyOf(authoritySecret)),
    );
    const witnesses: WitnessProcess[] = [];
    for (let i = 1; i <= count; i += 1) {
      const witness = await WitnessProcess.create(dir, `witness.test/w${i}`, [logVkey]);
      await witness.start('--new-store');
      witnesses.push(witness);
    }
    const services: ServiceDefinition[] = options.allServices
      ? [auditService, issuingService, reimbursementService]
      : [auditService];
    // Each service's own migrations after the shared ones (ledger and access) of the first.
    const database = await createTestDatabase([
      ...services[0].migrations,
      ...services.slice(1).flatMap((service) => service.migrations.slice(2)),
    ]);
    const config = testConfig(database.url, {
      KAFKA_TOPIC_PREFIX: `t${randomUUID().slice(0, 8)}.`,
      AUTHORITY_KEY: toHex(authoritySecret),
      LEDGER_CHAINS: '1',
      CHECKPOINT_INTERVAL_MS: '100',
      WITNESSES: witnesses.map((w) => `${w.url} ${w.vkey}`).join(', '),
      WITNESS_QUORUM: '2',
      ...options.env?.(witnesses),
    });
    const apps: INestApplication[] = [];
    const urls: Record<string, string> = {};
    for (const service of services) {
      const app = await createServiceApp(service, config);
      apps.push(app);
      await app.listen(0, '127.0.0.1');
      await app.startAllMicroservices();
      urls[service.name] = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    }
    return new WitnessedPlatform(
      apps[0],
      urls.audit,
      urls,
      apps,
      witnesses,
      authoritySecret,
      database,
      dir,
    );
  }

  /** The authority key, as verifiers pin it (by key ID). */
  get authorityKeys(): Map<string, Uint8Array> {
    const publicKey = nobleEd25519.publicKeyOf(this.authoritySecret);
    return new Map([[keyId(publicKey), publicKey]]);
  }

  /** The chain's newest checkpoint note as served, and which witnesses validly cosigned it. */
  async servedNote(): Promise<{ size: number; text: string; cosignedBy: string[] }> {
    const response = await fetch(`${this.url}/checkpoints/0`);
    if (response.status !== 200) return { size: 0, text: '', cosignedBy: [] };
    const note = parseSignedNote(await response.text())!;
    const cosignedBy = this.witnesses
      .filter((w) => {
        const key = parseVerifierKey(w.vkey)!;
        return note.signatures.some((s) => cosignatureTime(note.text, s, key) !== undefined);
      })
      .map((w) => w.name);
    return { size: Number(note.text.split('\n')[1]), text: note.text, cosignedBy };
  }

  /** The `witnesses` member of /health. */
  async witnessHealth(): Promise<{ status: string } & WitnessStatusReport> {
    const health = (await (await fetch(`${this.url}/health`)).json()) as {
      details: { witnesses: { status: string } & WitnessStatusReport };
    };
    return health.details.witnesses;
  }

  async close(): Promise<void> {
    for (const app of [...this.apps].reverse()) await app.close();
    for (const witness of this.witnesses) await witness.dispose();
    await this.database.drop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Polls until `holds` is true; returns the milliseconds it took. */
export async function within(ms: number, holds: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await holds())) {
    if (Date.now() - start > ms) throw new Error(`condition not reached in ${ms} ms`);
    await new Promise((done) => setTimeout(done, 50));
  }
  return Date.now() - start;
}
