import { api, ApiError, post } from '../api';
import { chart } from '../charts';
import { h, mount } from '../dom';
import { duration, money, when } from '../format';
import { t } from '../i18n';
import {
  actorTaxId,
  companiesIn,
  describe,
  ringOf,
  type Anomaly,
  type EvidenceEntry,
} from '../anomaly-model';
import { invoiceLink, type Invoice } from '../invoice-model';
import { loadNames, party } from '../names';
import { problemText } from '../problem-text';
import { drawRing, type RingEdge } from '../ring-graph';
import { go } from '../router';
import { rawJson, severityBadge, table } from '../widgets';

/** Invoices drawn per pair of the ring: the ring is about who invoices whom, not how often. */
const PER_PAIR = 3;

/** One anomaly: what it is, its evidence drawn and tabled, and acknowledge / dismiss. */
export async function anomalyPage(root: HTMLElement, id: string): Promise<void> {
  let anomaly: Anomaly;
  try {
    anomaly = await api<Anomaly>(`/anomalies/${encodeURIComponent(id)}`);
  } catch (e) {
    if (!(e instanceof ApiError) || ![400, 404].includes(e.status)) throw e;
    mount(
      root,
      h('h1', {}, t('anomaly.title')),
      h('p', { class: 'error' }, t('anomaly.notFound', { id })),
    );
    return;
  }
  await loadNames(companiesIn(anomaly));
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const decide = async (decision: 'acknowledge' | 'dismiss') => {
    try {
      await post(`/anomalies/${anomaly.id}/${decision}`);
      await anomalyPage(root, id);
    } catch (e) {
      error.textContent = problemText(e);
      error.hidden = false;
    }
  };
  const picture = h('section', { class: 'card span-12', hidden: true });
  mount(
    root,
    h('p', {}, h('a', { href: '#/anomalies', class: 'back' }, t('common.back'))),
    h(
      'h1',
      { class: 'long-title' },
      t(`anomalies.types.${anomaly.type}`, { defaultValue: anomaly.type }),
    ),
    h('p', { class: 'lead', id: 'anomaly-summary' }, describe(anomaly)),
    h(
      'div',
      { class: 'grid' },
      h(
        'section',
        { class: 'card span-4' },
        h('h2', {}, t('anomaly.decision')),
        h('p', {}, severityBadge(anomaly.severity)),
        h(
          'p',
          {},
          t('anomaly.status'),
          h(
            'strong',
            { id: 'anomaly-status', 'data-status': anomaly.status },
            t(`anomalies.statuses.${anomaly.status}`),
          ),
        ),
        h('p', { class: 'muted' }, t('anomaly.detected', { when: when(anomaly.detectedAt) })),
        anomaly.decidedAt
          ? h(
              'p',
              { class: 'muted' },
              t('anomaly.decided', { when: when(anomaly.decidedAt), by: anomaly.decidedBy }),
            )
          : null,
        anomaly.status === 'open'
          ? h(
              'div',
              { class: 'row' },
              h(
                'button',
                { id: 'acknowledge', onclick: () => void decide('acknowledge') },
                t('anomaly.acknowledge'),
              ),
              h(
                'button',
                { id: 'dismiss', class: 'secondary', onclick: () => void decide('dismiss') },
                t('anomaly.dismiss'),
              ),
            )
          : null,
        error,
      ),
      evidenceCard(anomaly),
      picture,
    ),
  );
  if (anomaly.type === 'circular_invoicing') await ringPicture(picture, anomaly);
  if (anomaly.type === 'burst') await burstPicture(picture, anomaly);
}

function evidenceCard(anomaly: Anomaly): HTMLElement {
  const { entries = [], ...measured } = anomaly.evidence;
  const fields = Object.entries(measured).map(([key, value]) => [
    t(`anomaly.fields.${key}`, { defaultValue: key }),
    evidenceValue(key, value),
  ]);
  return h(
    'section',
    { class: 'card span-8', id: 'evidence-card' },
    h('h2', {}, t('anomaly.evidence')),
    fields.length
      ? table([t('anomaly.field'), t('anomaly.value')], fields, { id: 'evidence-fields' })
      : null,
    entries.length
      ? h(
          'div',
          {},
          h('h3', {}, t('anomaly.entries')),
          table(
            [
              t('anomaly.kind'),
              t('anomaly.subject'),
              { label: t('anomaly.chain'), class: 'num' },
              { label: t('anomaly.seq'), class: 'num' },
            ],
            entries.map((e: EvidenceEntry) => [
              e.kind ? t(`entry.kinds.${e.kind}`, { defaultValue: e.kind }) : '',
              e.subject && !e.subject.includes(':')
                ? h('a', { href: invoiceLink(e.subject) }, e.subject)
                : (e.subject ?? ''),
              String(e.chain ?? ''),
              String(e.seq ?? ''),
            ]),
            { id: 'evidence-entries' },
          ),
        )
      : null,
    rawJson(anomaly.evidence, 'evidence'),
  );
}

function evidenceValue(key: string, value: unknown): Node | string {
  if (key === 'seller' && typeof value === 'string') return party(value);
  if (key === 'ring' && Array.isArray(value))
    return h('span', { class: 'ring-list' }, ...value.map((id) => party(String(id))));
  if (key === 'actor' && typeof value === 'string') return party(actorTaxId(value) ?? value);
  if (key === 'reason' && typeof value === 'string')
    return t(`anomaly.reasons.${value}`, { defaultValue: value });
  if ((key === 'from' || key === 'to' || key.endsWith('At')) && typeof value === 'string')
    return when(value);
  if (key.endsWith('Ms') && typeof value === 'number') return duration(value);
  if (key === 'gross' && typeof value === 'string') return money(value);
  return typeof value === 'string' || typeof value === 'number'
    ? String(value)
    : JSON.stringify(value);
}

/** The ring's invoices, fetched pair by pair: seller → next company. */
async function ringPicture(card: HTMLElement, anomaly: Anomaly): Promise<void> {
  const ring = ringOf(anomaly);
  const pairs = ring.map((seller, i) => [seller, ring[(i + 1) % ring.length]] as const);
  const found = await Promise.all(
    pairs.map(([seller, buyer]) =>
      api<{ items: Invoice[] }>(`/invoices?seller=${seller}&buyer=${buyer}&limit=${PER_PAIR}`),
    ),
  );
  const edges: RingEdge[] = found.flatMap((page) =>
    page.items.map((i) => ({
      seller: i.seller.taxId,
      buyer: i.buyer.taxId,
      invoiceNumber: i.invoiceNumber,
      label: money(i.gross),
    })),
  );
  const box = h('div', {
    class: 'ring-graph',
    id: 'ring-graph',
    role: 'img',
    'aria-label': t('anomaly.ring'),
  });
  mount(
    card,
    h('h2', {}, t('anomaly.ring')),
    h('p', { class: 'muted' }, t('anomaly.ringHint')),
    box,
    h(
      'ul',
      { class: 'edge-list', id: 'ring-invoices' },
      ...found.flatMap((page) =>
        page.items.map((i) =>
          h(
            'li',
            {},
            h('a', { href: invoiceLink(i.invoiceNumber) }, i.invoiceNumber),
            ` ${i.seller.name} → ${i.buyer.name} · ${money(i.gross)}`,
          ),
        ),
      ),
    ),
  );
  card.hidden = false;
  drawRing(box, ring, edges, (number) => go(`invoice/${encodeURIComponent(number)}`));
}

/** The seller's invoices per minute around the burst, against its average per minute. */
async function burstPicture(card: HTMLElement, anomaly: Anomaly): Promise<void> {
  const { seller, from, to, baseline, baselineMs } = anomaly.evidence as {
    seller?: string;
    from?: string;
    to?: string;
    baseline?: number;
    baselineMs?: number;
  };
  if (!seller || !from || !to || baseline === undefined || !baselineMs) return;
  const minute = 60_000;
  const start = Math.floor(Date.parse(from) / minute) * minute - 30 * minute;
  const end = Math.floor(Date.parse(to) / minute) * minute + 10 * minute;
  const china = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
  const page = await api<{ items: Invoice[] }>(
    `/invoices?seller=${seller}&from=${china(start)}&to=${china(end)}&limit=200`,
  );
  const bins = Array.from({ length: (end - start) / minute + 1 }, () => 0);
  for (const i of page.items) {
    const at = Date.parse(i.issuedAt);
    if (at >= start && at < end + minute) bins[Math.floor((at - start) / minute)] += 1;
  }
  const perMinute = baseline / (baselineMs / minute);
  const time = new Intl.DateTimeFormat(document.documentElement.lang, {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Asia/Shanghai',
  });
  const canvas = h('canvas', { id: 'burst-chart', role: 'img', 'aria-label': t('anomaly.burst') });
  mount(card, h('h2', {}, t('anomaly.burst')), h('div', { class: 'chart-box' }, canvas));
  card.hidden = false;
  chart(canvas, {
    type: 'line',
    labels: bins.map((_, i) => time.format(new Date(start + i * minute))),
    series: [
      { label: t('anomaly.burstCount'), color: '#c2410c', values: bins, bars: true },
      {
        label: t('anomaly.burstBaseline'),
        color: '#1f5fbf',
        values: bins.map(() => Number(perMinute.toFixed(3))),
        dashed: true,
      },
    ],
  });
}
