import type { ProofBundle } from '@taxchain/ledger/checkpoint/proof-bundle';
import { ApiError, api } from '../api';
import { h, mount } from '../dom';
import { day, money, percent, price, shortHash, when } from '../format';
import { t } from '../i18n';
import { invoiceLink, signed, type Invoice } from '../invoice-model';
import { verifyInBrowser, witnessQuorum } from '../proofs';
import { mismatchWarning } from '../trust-warning';
import { unpinnedVerdict } from '../unpinned-verdict';
import { rawJson, redLetterBadge, table } from '../widgets';

interface TrailEntry {
  entry: ProofBundle['entry'];
  proof?: ProofBundle;
}

interface Trail {
  invoiceNumber: string;
  entries: TrailEntry[];
  pending: boolean;
}

interface DocumentLine {
  description: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
  amount: string;
  tax: string;
}

interface Payload {
  document?: { lines?: DocumentLine[]; kind?: string };
  creditNoteNumber?: string;
}

/** One invoice or credit note as a document, above the ledger's own account of it. */
export async function invoicePage(root: HTMLElement, number: string): Promise<void> {
  mount(
    root,
    h('h1', {}, t('invoice.title', { number })),
    h('p', { class: 'muted' }, t('common.loading')),
  );
  let invoice: Invoice;
  try {
    invoice = await api<Invoice>(`/invoices/${encodeURIComponent(number)}`);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    mount(
      root,
      h('h1', { class: 'long-title' }, t('invoice.title', { number })),
      h('p', { class: 'error', role: 'alert' }, t('invoice.notFound', { number })),
    );
    return;
  }
  let trail: Trail;
  try {
    // A credit note's own trail: the invoice.credited entry that records it, by its number.
    trail = await api<Trail>(`/invoices/${encodeURIComponent(number)}/trail`);
  } catch (error) {
    // 409: a stored entry no longer hashes; the server refuses to serve it (and raises it).
    if (!(error instanceof ApiError) || error.status !== 409) throw error;
    mount(
      root,
      h('h1', { class: 'long-title' }, t('invoice.title', { number })),
      documentCard(invoice, [], []),
      refusedBox(error.detail),
    );
    return;
  }
  const own = trail.entries.filter((e) => about(e, number));
  const verdicts = await Promise.all(trail.entries.map((e) => checkEntry(e)));
  const quorum = await witnessQuorum();
  const warning = await mismatchWarning();
  const issuedEntry = own.find((e) =>
    ['invoice.issued', 'invoice.credited'].includes(e.entry.kind),
  );
  const lines = issuedEntry ? (payloadOf(issuedEntry).document?.lines ?? []) : [];
  const creditNotes = trail.entries
    .filter((e) => e.entry.kind === 'invoice.credited' && e.entry.subject === number)
    .map((e) => payloadOf(e).creditNoteNumber)
    .filter((n): n is string => n !== undefined && n !== number);
  mount(
    root,
    h(
      'h1',
      { class: 'long-title' },
      t(invoice.kind === 'credit-note' ? 'invoice.creditTitle' : 'invoice.title', { number }),
    ),
    documentCard(invoice, lines, creditNotes),
    warning,
    await verdictBox(verdicts, trail.pending, quorum),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, t('invoice.trail')),
      h(
        'ol',
        { class: 'timeline', id: 'trail' },
        ...trail.entries.map((e, i) => trailItem(e, verdicts[i])),
      ),
    ),
  );
}

function payloadOf(e: TrailEntry): Payload {
  if (e.entry.payload === null) return {};
  try {
    return JSON.parse(e.entry.payload) as Payload;
  } catch {
    return {};
  }
}

/** Whether a trail entry is about this document (a credit note names itself in its payload). */
function about(e: TrailEntry, number: string): boolean {
  return e.entry.kind === 'invoice.credited'
    ? payloadOf(e).creditNoteNumber === number || e.entry.subject === number
    : e.entry.subject === number;
}

function documentCard(invoice: Invoice, lines: DocumentLine[], creditNotes: string[]): HTMLElement {
  const red = invoice.kind === 'credit-note';
  const amount = (fen: string) => money(signed(invoice, fen));
  const partyBox = (title: string, p: { taxId: string; name: string }, id: string) =>
    h(
      'div',
      { class: 'party-box', id },
      h('h3', {}, title),
      h(
        'dl',
        {},
        h('dt', {}, t('invoice.name')),
        h('dd', {}, p.name),
        h('dt', {}, t('invoice.taxId')),
        h('dd', { class: 'mono' }, p.taxId),
      ),
    );
  const fact = (label: string, value: Node | string) =>
    h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, value));
  return h(
    'article',
    {
      class: `card document${red ? ' red' : ''}`,
      id: 'invoice-document',
      'data-kind': invoice.kind,
    },
    h(
      'header',
      { class: 'document-head' },
      h('h2', {}, t('invoice.document'), red ? redLetterBadge() : null),
      h(
        'dl',
        { class: 'facts' },
        fact(t('invoices.column.number'), h('span', { class: 'mono' }, invoice.invoiceNumber)),
        fact(t('invoice.issueDate'), day(invoice.issueDate)),
        fact(
          t('invoice.status'),
          h(
            'span',
            { class: `badge ${invoice.status === 'voided' ? 'bad' : 'ok'}`, id: 'invoice-status' },
            t(`status.${invoice.status}`, { defaultValue: invoice.status }),
          ),
        ),
        red
          ? null
          : fact(
              t('invoice.claimState'),
              h(
                'span',
                { id: 'claim-state' },
                t(`claim.${invoice.claimState}`, { defaultValue: invoice.claimState }),
              ),
            ),
        invoice.refusedClaims > 0
          ? fact(t('invoice.refusedClaims'), String(invoice.refusedClaims))
          : null,
        BigInt(invoice.credited) !== 0n
          ? fact(t('invoice.credited'), money(-BigInt(invoice.credited)))
          : null,
        invoice.creditedInvoiceNumber
          ? fact(
              t('invoice.creditedInvoice'),
              h(
                'a',
                { href: invoiceLink(invoice.creditedInvoiceNumber), id: 'credited-invoice' },
                invoice.creditedInvoiceNumber,
              ),
            )
          : null,
        creditNotes.length
          ? fact(
              t('invoice.creditNotes'),
              h(
                'span',
                { id: 'credit-notes' },
                ...creditNotes.flatMap((n, i) => [
                  i ? '，' : '',
                  h('a', { href: invoiceLink(n) }, n),
                ]),
              ),
            )
          : null,
      ),
    ),
    h(
      'div',
      { class: 'parties' },
      partyBox(t('invoice.buyer'), invoice.buyer, 'buyer'),
      partyBox(t('invoice.seller'), invoice.seller, 'seller'),
    ),
    h('h3', {}, t('invoice.lines')),
    lines.length
      ? table(
          [
            t('invoice.item'),
            { label: t('invoice.quantity'), class: 'num' },
            { label: t('invoice.unitPrice'), class: 'num hide-sm' },
            { label: t('invoice.amount'), class: 'num' },
            { label: t('invoice.rate'), class: 'num hide-sm' },
            { label: t('invoice.tax'), class: 'num' },
          ],
          lines.map((l) => [
            l.description,
            l.quantity,
            price(l.unitPrice),
            amount(l.amount),
            percent(l.taxRate),
            amount(l.tax),
          ]),
          { id: 'invoice-lines' },
        )
      : h('p', { class: 'muted' }, t('invoice.noLines')),
    h(
      'dl',
      { class: 'totals', id: 'invoice-totals' },
      fact(t('invoice.net'), amount(invoice.net)),
      fact(t('invoice.taxTotal'), amount(invoice.tax)),
      h(
        'div',
        { class: 'fact gross' },
        h('dt', {}, t('invoice.gross')),
        h('dd', { id: 'invoice-gross' }, amount(invoice.gross)),
      ),
    ),
  );
}

type Verdict = {
  state: 'ok' | 'bad' | 'pending';
  label: string;
  reason?: string;
  /** Proven against pinned keys, or only against the keys the server itself states. */
  pinned?: boolean;
};

function refusedBox(detail: string): HTMLElement {
  return h(
    'div',
    { class: 'verdict bad', id: 'verdict', 'data-verdict': 'failed' },
    t('verdict.refused', { detail }),
  );
}

async function verdictBox(
  verdicts: Verdict[],
  pending: boolean,
  quorum?: number,
): Promise<HTMLElement> {
  const failed = verdicts.filter((v) => v.state === 'bad');
  const proven = verdicts.filter((v) => v.state === 'ok');
  if (failed.length > 0)
    return h(
      'div',
      { class: 'verdict bad', id: 'verdict', 'data-verdict': 'failed' },
      t('verdict.failed', { reasons: failed.map((f) => f.reason).join(', ') }),
    );
  if (proven.length === 0)
    return h(
      'div',
      { class: 'verdict pending', id: 'verdict', 'data-verdict': 'pending' },
      t('verdict.pending'),
    );
  // Without pins a forged /authority and proofs re-signed to match would pass: nothing verified.
  if (proven.some((v) => !v.pinned)) return unpinnedVerdict(proven.length, verdicts.length);
  return h(
    'div',
    { class: 'verdict ok', id: 'verdict', 'data-verdict': 'verified' },
    t('verdict.verified'),
    h(
      'div',
      { class: 'muted' },
      t('verdict.verifiedDetail', { proven: proven.length, total: verdicts.length }),
      quorum ? ` ${t('verdict.witnessed', { quorum })}` : '',
      pending ? ` ${t('verdict.verifiedPending')}` : '',
    ),
  );
}

function trailItem(t0: TrailEntry, verdict: Verdict): HTMLElement {
  const e = t0.entry;
  // Proven against the server's own keys only: shown as a warning, never as proven.
  const state = verdict.state === 'ok' && !verdict.pinned ? 'unpinned' : verdict.state;
  const label =
    state === 'ok'
      ? t('entry.proven')
      : state === 'unpinned'
        ? t('entry.unpinned')
        : state === 'pending'
          ? t('entry.awaiting')
          : verdict.reason === 'entry-differs'
            ? t('entry.mismatch')
            : verdict.label;
  return h(
    'li',
    { class: state, 'data-kind': e.kind },
    h('strong', {}, t(`entry.kinds.${e.kind}`, { defaultValue: e.kind })),
    ' ',
    h(
      'span',
      { class: `badge ${state === 'ok' ? 'ok' : state === 'bad' ? 'bad' : 'warn'}` },
      label,
    ),
    h(
      'div',
      { class: 'muted' },
      t('entry.meta', { when: when(e.recordedAt), chain: e.chain, seq: e.seq, actor: e.actor }),
    ),
    h(
      'div',
      { class: 'muted hash' },
      `${t('entry.hash')} `,
      h('code', { title: e.entryHash }, shortHash(e.entryHash)),
    ),
    rawJson(parsed(e.payload)),
  );
}

async function checkEntry(t: TrailEntry): Promise<Verdict> {
  if (!t.proof) return { state: 'pending', label: 'awaiting checkpoint' };
  // The proof must be about the entry shown, payload included, not merely valid for some entry:
  // the fields and the payload on this page are the ones checked.
  const verdict = await verifyInBrowser({ ...t.proof, entry: t.entry });
  return verdict.ok
    ? { state: 'ok', label: 'proven', pinned: verdict.pinned }
    : { state: 'bad', label: verdict.reason, reason: verdict.reason };
}

function parsed(json: string | null): unknown {
  if (json === null) return '(withheld)';
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}
