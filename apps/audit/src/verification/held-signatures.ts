import { Injectable } from '@nestjs/common';
import type { KeyDirectory, SignaturesHeld } from '@taxchain/ledger';
import type { ChainReport } from './chain-audit.service';

/**
 * One verification of a chain under `keys`, not checking again the actor signatures of its first
 * `signaturesHeld.size` entries; `again` when it names a break a pass with those found.
 */
export type HeldPass = (
  keys: KeyDirectory,
  signaturesHeld?: SignaturesHeld,
  again?: boolean,
) => Promise<ChainReport>;

interface Held {
  signatures: SignaturesHeld;
  /** The directory as it was when they held: a later one must extend it for them to hold still. */
  keys: KeyDirectory;
}

/**
 * Per chain, how far this process saw its actor signatures hold, shared by the tail and the
 * sweep, so that each entry's signature (ed25519, about half of its verification's cost) is
 * checked once per process, by whichever of them reads it first. A pass that ends ok moves the
 * record forward to where it ended, with the root there, if it checked every signature before
 * that or was itself given the record for those below where it started; any break found, or keys
 * that even reloaded do not extend those the record was made with, drop it (docs/runbook.md).
 */
@Injectable()
export class HeldSignatures {
  private readonly held = new Map<number, Held>();

  /**
   * Verifies `chain` from its `from`th entry with `pass`, the held signatures skipped when
   * `keys` extends the directory they held under (a lagging directory is reloaded first). A
   * break found so is named again with every signature checked, so what is found, and where, is
   * what a full verification finds. An unknown key reloads the directory once and retries.
   */
  async verify(
    chain: number,
    from: number,
    keys: KeyDirectory,
    reload: () => Promise<KeyDirectory>,
    pass: HeldPass,
  ): Promise<{ report: ChainReport; keys: KeyDirectory }> {
    if (this.stale(chain, keys)) {
      keys = await reload();
      if (this.stale(chain, keys)) this.held.delete(chain);
    }
    let used = this.held.get(chain)?.signatures;
    let report = await pass(keys, used);
    if (report.break && used) {
      this.held.delete(chain);
      used = undefined;
      report = await pass(keys, undefined, true);
    }
    if (report.break?.reason === 'unknown-key') {
      keys = await reload();
      report = await pass(keys);
    }
    this.note(chain, from, used, keys, report);
    return { report, keys };
  }

  private stale(chain: number, keys: KeyDirectory): boolean {
    const held = this.held.get(chain);
    return held !== undefined && !keys.extends(held.keys);
  }

  /**
   * A pass that started beyond what it was given as held did not see the signatures before it:
   * the record stays as it was. One that ends short of a record the others moved further while
   * it ran leaves that record.
   */
  private note(
    chain: number,
    from: number,
    used: SignaturesHeld | undefined,
    keys: KeyDirectory,
    report: ChainReport,
  ): void {
    if (report.break || report.root === undefined) return void this.held.delete(chain);
    if (from > (used?.size ?? 0) || report.verified === 0) return;
    const current = this.held.get(chain);
    if (current && current.signatures.size > report.verified && keys.extends(current.keys)) return;
    const signatures = { size: report.verified, root: report.root };
    this.held.set(chain, { signatures, keys: keys.snapshot() });
  }
}
