import { Injectable } from '@nestjs/common';
import { LedgerReader, LedgerSettings } from '@taxchain/ledger';
import { LedgerFingerprintRepository } from './ledger-fingerprint.repository';
import { Pace } from './pace';

/** What a sweep pass reads, as PostgreSQL hashed it: the small tables, then every entry page. */
interface Fingerprint {
  others: string;
  pages: string[];
}

/**
 * What a look at an idle ledger found: the fingerprint the last intact pass read, `unchanged`;
 * a page that differs from it (`changed`, the look stopped there); or, with nothing to compare
 * with yet, the whole fingerprint (`first`), for the pass about to verify the ledger.
 */
export type Look = { kind: 'unchanged' } | { kind: 'changed' } | { kind: 'first'; of: Fingerprint };

/** How much faster than the sweep a look reads (see the bound below). */
const LOOK_SPEEDUP = 4;

/**
 * Lets the history sweep of an idle ledger skip what a pass would only find again: when nothing
 * was appended since the previous look, the ledger is hashed by PostgreSQL, every row and
 * column of every table the pass reads (ledger-fingerprint.repository), and if that is still what
 * the last pass to find every chain intact read, before it read it, the verdict is that pass's.
 * An edit made in any way (a superuser with the triggers off, a restore, the files on disk)
 * changes the rows PostgreSQL reads and so the digest; counters, xmin or statistics, which a
 * superuser can leave alone or reset, are not relied on.
 *
 * The look is taken out of the pause before a pass and must fit in it: it reads at four times
 * the sweep's rate and gives up (the pass verifies as always) past `withinMs`, so it only serves
 * ledgers of up to 4 × rate × pause entries (2,000 at the default rate). It stops at the first
 * page that differs, and the pass that follows verifies at once and at full speed. So an edit is
 * still flagged within one pass (entries ÷ rate + 1 s): after a pass that verified, by the next
 * look within its first entries ÷ (4 × rate) s; after a look, by the next one, a pause later.
 */
@Injectable()
export class LedgerFingerprint {
  /** What the last pass that found every chain intact read, hashed before it read it. */
  private intact?: Fingerprint;
  private lastHeads?: string;

  constructor(
    private readonly fingerprints: LedgerFingerprintRepository,
    private readonly reader: LedgerReader,
    private readonly settings: LedgerSettings,
  ) {}

  /**
   * Before a pass; undefined when entries were appended since the previous look, or when the
   * ledger cannot be read at 4 × `rate` within `withinMs`.
   */
  async look(rate: number, withinMs: number, signal: AbortSignal): Promise<Look | undefined> {
    const started = Date.now();
    const heads = JSON.stringify(await this.reader.heads());
    const idle = heads === this.lastHeads;
    this.lastHeads = heads;
    if (!idle) return undefined;
    const known = this.intact;
    const differs = (at: number, page: string) => known !== undefined && known.pages[at] !== page;
    const others = await this.fingerprints.otherTables();
    if (known && known.others !== others) return { kind: 'changed' };
    const pace = new Pace(LOOK_SPEEDUP * rate);
    const pageSize = Pace.batchFor(LOOK_SPEEDUP * rate);
    const pages: string[] = [];
    for (let chain = 0; chain < this.settings.chains; chain += 1)
      for (let after = -1; ;) {
        if (Date.now() - started > withinMs) return undefined;
        const page = await this.fingerprints.entries(chain, after, pageSize);
        const key = `${chain}:${page.rows}:${page.last}:${page.digest}`;
        if (differs(pages.length, key)) return { kind: 'changed' };
        pages.push(key);
        await pace.take(page.rows, signal);
        if (page.rows < pageSize) break;
        after = page.last;
      }
    if (!known) return { kind: 'first', of: { others, pages } };
    return known.pages.length === pages.length ? { kind: 'unchanged' } : { kind: 'changed' };
  }

  /**
   * The pass after `look` found every chain intact, or not. Only a whole fingerprint read before
   * an intact pass is kept: after a busy or a changed ledger, the next idle look reads a new one
   * and the pass after it verifies at the sweep's pace.
   */
  verified(look: Look | undefined, intact: boolean): void {
    if (look?.kind === 'first' && intact) this.intact = look.of;
    else if (look?.kind !== 'unchanged') this.intact = undefined;
  }
}
