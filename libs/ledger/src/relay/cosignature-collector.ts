import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { WakeSignal } from '@taxchain/platform';
import { consistencyProof } from '../merkle';
import { formatSignedNote } from '../note';
import type { CheckpointNote, CheckpointNotes } from '../storage/checkpoint-notes';
import type { Cosignatures } from '../storage/cosignatures';
import { DatabaseSubtree } from '../storage/database-subtree';
import { submitToWitness } from '../witness/witness-client';
import type { WitnessEndpoint } from '../witness/witness-endpoints';

const RETRY_MS = 1_000;
/** Every witness has cosigned the newest checkpoint: a new one wakes the loop, this is a safety poll. */
const IDLE_MS = 30_000;
/** 409 answers followed (each names the witness's size) before giving up until the next round. */
const MAX_RESENDS = 3;

/**
 * Asks every configured witness to cosign a chain's newest checkpoint note, in a loop of its own
 * so that a witness down or slow never holds up sealing: each round submits to the witnesses
 * still missing, in parallel, and one that is back catches up on the newest checkpoint at once.
 * A witness's refusal is stored for the audit service; it is not asked again for that checkpoint.
 */
export class CosignatureCollector {
  private readonly logger: Logger;
  private readonly subtree;
  /** The size each witness last said it cosigned for this chain. */
  private readonly witnessSize = new Map<string, number>();
  private readonly refused = new Set<string>();
  private running = false;
  private loop?: Promise<void>;
  private readonly wakeSignal = new WakeSignal();

  constructor(
    dataSource: DataSource,
    readonly chain: number,
    private readonly witnesses: readonly WitnessEndpoint[],
    private readonly notes: CheckpointNotes,
    private readonly cosignatures: Cosignatures,
  ) {
    this.logger = new Logger(`CosignatureCollector#${chain}`);
    this.subtree = new DatabaseSubtree(dataSource).forChain(chain);
  }

  start(): void {
    if (this.running || this.witnesses.length === 0) return;
    this.running = true;
    this.loop = this.run();
  }

  /** A new checkpoint was sealed. */
  wake(): void {
    this.wakeSignal.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    for (const { witness, chain, size } of await this.cosignatures.progress().catch(() => []))
      if (chain === this.chain) this.witnessSize.set(witness, size);
    while (this.running) {
      const done = await this.collect().catch((error: unknown) => {
        this.logger.warn(`cosignatures not collected: ${String(error)}`);
        return false;
      });
      await this.wakeSignal.sleep(done ? IDLE_MS : RETRY_MS);
    }
  }

  /** One round; true when every witness has cosigned (or refused) the newest checkpoint. */
  private async collect(): Promise<boolean> {
    const latest = await this.notes.latest(this.chain);
    if (!latest) return true;
    const cosigned = new Set(
      (await this.cosignatures.of(this.chain, latest.size)).map((s) => `${s.name}+${s.keyHash}`),
    );
    const missing = this.witnesses.filter(
      (w) =>
        !cosigned.has(`${w.key.name}+${w.key.keyHash}`) &&
        !this.refused.has(`${w.vkey} ${latest.size}`),
    );
    const results = await Promise.allSettled(
      missing.map((witness) => this.submit(witness, latest)),
    );
    for (const [i, result] of results.entries())
      if (result.status === 'rejected')
        this.logger.debug?.(`witness ${missing[i].url}: ${String(result.reason)}`);
    return results.every((result) => result.status === 'fulfilled');
  }

  private async submit(witness: WitnessEndpoint, latest: CheckpointNote): Promise<void> {
    const note = formatSignedNote(latest.note);
    let oldSize = Math.min(this.witnessSize.get(witness.vkey) ?? 0, latest.size);
    for (let resend = 0; resend <= MAX_RESENDS; resend += 1) {
      const proof = await consistencyProof(oldSize, latest.size, this.subtree);
      const reply = await submitToWitness(witness, oldSize, proof, note);
      if (reply.kind === 'cosigned') {
        await this.cosignatures.record(
          this.chain,
          latest.size,
          witness.vkey,
          reply.cosignature,
          reply.timestamp,
        );
        this.witnessSize.set(witness.vkey, latest.size);
        return;
      }
      if (reply.kind === 'refused')
        return this.refusal(witness, latest, reply.status, null, reply.detail);
      this.witnessSize.set(witness.vkey, reply.size);
      // The witness holds a larger tree than this checkpoint, or stays at the size just sent: it
      // refuses this checkpoint as conflicting with one it cosigned.
      if (reply.size > latest.size || reply.size === oldSize)
        return this.refusal(
          witness,
          latest,
          409,
          reply.size,
          `the witness has cosigned size ${reply.size}`,
        );
      oldSize = reply.size;
    }
    throw new Error(`witness ${witness.url} kept answering 409`);
  }

  private async refusal(
    witness: WitnessEndpoint,
    latest: CheckpointNote,
    status: number,
    witnessSize: number | null,
    detail: string,
  ): Promise<void> {
    this.refused.add(`${witness.vkey} ${latest.size}`);
    const note = formatSignedNote(latest.note);
    await this.cosignatures.refuse({
      chain: this.chain,
      size: latest.size,
      witness: witness.vkey,
      status,
      witnessSize,
      detail,
      note,
    });
    this.logger.error(
      `witness ${witness.key.name} refused checkpoint ${this.chain}/${latest.size}: ${status} ${detail}`,
    );
  }
}
