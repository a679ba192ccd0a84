import type { ProofBundle } from '@taxchain/ledger/checkpoint/proof-bundle';
import { api } from '../api';
import { h, mount } from '../dom';
import { shortHash, when } from '../format';
import { verifyInBrowser } from '../proofs';

interface TrailEntry {
  entry: ProofBundle['entry'];
  proof?: ProofBundle;
}

interface Trail {
  invoiceNumber: string;
  entries: TrailEntry[];
  pending: boolean;
}

/** The ledger's own account of one invoice, each entry's proof checked right here. */
export async function invoicePage(root: HTMLElement, number: string): Promise<void> {
  mount(root, h('h1', {}, `Invoice ${number}`), h('p', { class: 'muted' }, 'Loading the trail…'));
  const trail = await api<Trail>(`/invoices/${encodeURIComponent(number)}/trail`);
  const verdicts = await Promise.all(trail.entries.map((t) => checkEntry(t)));
  const failed = verdicts.filter((v) => v.state === 'bad');
  const proven = verdicts.filter((v) => v.state === 'ok');
  const verdict =
    failed.length > 0
      ? h(
          'div',
          { class: 'verdict bad', id: 'verdict', 'data-verdict': 'failed' },
          `Verification FAILED in your browser ✗ — ${failed.map((f) => f.reason).join(', ')}`,
        )
      : proven.length === 0
        ? h(
            'div',
            { class: 'verdict pending', id: 'verdict', 'data-verdict': 'pending' },
            'Waiting for a checkpoint: nothing to verify yet',
          )
        : h(
            'div',
            { class: 'verdict ok', id: 'verdict', 'data-verdict': 'verified' },
            'Verified in your browser ✓',
            h(
              'div',
              { class: 'muted' },
              `${proven.length} of ${trail.entries.length} entries proven against the authority's signed checkpoints${trail.pending ? '; newer entries await a checkpoint' : ''}.`,
            ),
          );
  mount(
    root,
    h('h1', {}, `Invoice ${trail.invoiceNumber}`),
    verdict,
    h('div', { style: 'height:1rem' }),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Trail'),
      h(
        'ol',
        { class: 'timeline', id: 'trail' },
        ...trail.entries.map((t, i) =>
          h(
            'li',
            { class: verdicts[i].state },
            h('strong', {}, t.entry.kind),
            ' ',
            h(
              'span',
              {
                class: `badge ${verdicts[i].state === 'ok' ? 'ok' : verdicts[i].state === 'bad' ? 'bad' : 'warn'}`,
              },
              verdicts[i].label,
            ),
            h(
              'div',
              { class: 'muted' },
              `${when(t.entry.recordedAt)} · chain ${t.entry.chain} · seq ${t.entry.seq} · by ${t.entry.actor}`,
            ),
            h(
              'div',
              { class: 'muted hash' },
              'entry hash ',
              h('code', { title: t.entry.entryHash }, shortHash(t.entry.entryHash)),
            ),
            h('details', {}, h('summary', {}, 'Payload'), h('pre', {}, pretty(t.entry.payload))),
          ),
        ),
      ),
    ),
  );
}

async function checkEntry(
  t: TrailEntry,
): Promise<{ state: 'ok' | 'bad' | 'pending'; label: string; reason?: string }> {
  if (!t.proof) return { state: 'pending', label: 'awaiting checkpoint' };
  // The proof must be about the entry shown, payload included, not merely valid for some entry:
  // the fields and the payload on this page are the ones checked.
  const verdict = await verifyInBrowser({ ...t.proof, entry: t.entry });
  return verdict.ok
    ? { state: 'ok', label: 'proven' }
    : { state: 'bad', label: verdict.reason, reason: verdict.reason };
}

function pretty(json: string | null): string {
  if (json === null) return '(withheld)';
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}
