import { api } from '../api';
import { chart } from '../charts';
import { h, mount } from '../dom';
import { count, day, money, moneyTick } from '../format';
import { chainHealthBadge } from '../health';
import { t } from '../i18n';
import { loadNames, nameOf } from '../names';
import { trustWarning } from '../trust-warning';
import { witnessStatusCard } from '../witnesses';

interface Aggregates {
  items: Array<{ key: string; count: string; net: string; tax: string; gross: string }>;
}

const TOP = 8;

/** Totals over time, top parties (by name and tax ID), chain health and open anomalies. */
export async function overviewPage(root: HTMLElement): Promise<void> {
  mount(root, h('h1', {}, t('overview.title')), h('p', { class: 'muted' }, t('common.loading')));
  const [days, sellers, buyers, open, badge, witnesses, warning] = await Promise.all([
    api<Aggregates>('/aggregates?by=day'),
    api<Aggregates>('/aggregates?by=seller'),
    api<Aggregates>('/aggregates?by=buyer'),
    api<{ items: unknown[]; nextCursor: string | null }>('/anomalies?status=open&limit=200'),
    chainHealthBadge(),
    witnessStatusCard(),
    trustWarning(),
  ]);
  const top = (a: Aggregates) =>
    [...a.items].sort((x, y) => Number(BigInt(y.gross) - BigInt(x.gross))).slice(0, TOP);
  const [topSellers, topBuyers] = [top(sellers), top(buyers)];
  await loadNames([...topSellers, ...topBuyers].map((d) => d.key));
  const byDay = [...days.items].sort((a, b) => a.key.localeCompare(b.key));
  const totals = byDay.reduce(
    (sum, d) => ({
      count: sum.count + Number(d.count),
      gross: sum.gross + BigInt(d.gross),
      tax: sum.tax + BigInt(d.tax),
    }),
    { count: 0, gross: 0n, tax: 0n },
  );
  const canvas = (id: string, label: string) =>
    h('canvas', { id, role: 'img', 'aria-label': label });
  const card = (span: string, title: string, ...body: Array<Node | null>) =>
    h('section', { class: `card ${span}` }, h('h2', {}, title), ...body);
  const countCanvas = canvas('chart-count', t('overview.perDay'));
  const amountCanvas = canvas('chart-amount', t('overview.amountPerDay'));
  const sellersCanvas = canvas('chart-sellers', t('overview.topSellers'));
  const buyersCanvas = canvas('chart-buyers', t('overview.topBuyers'));
  const openCount = `${open.items.length}${open.nextCursor ? '+' : ''}`;
  mount(
    root,
    h('h1', {}, t('overview.title')),
    warning,
    h(
      'div',
      { class: 'grid' },
      card('span-3', t('overview.chainHealth'), badge),
      card(
        'span-3',
        t('overview.openAnomalies'),
        h('a', { class: 'stat', id: 'open-anomalies', href: '#/anomalies?status=open' }, openCount),
      ),
      card(
        'span-3',
        t('overview.invoices'),
        h('div', { class: 'stat', id: 'invoice-count' }, count(totals.count)),
      ),
      card(
        'span-3',
        t('overview.taxCollected'),
        h('div', { class: 'stat', id: 'tax-collected' }, money(totals.tax)),
        h('div', { class: 'muted' }, t('overview.ofGross', { gross: money(totals.gross) })),
      ),
      witnesses ? card('span-12', t('overview.witnesses'), witnesses) : null,
      card('span-6', t('overview.perDay'), h('div', { class: 'chart-box' }, countCanvas)),
      card('span-6', t('overview.amountPerDay'), h('div', { class: 'chart-box' }, amountCanvas)),
      card(
        'span-6',
        t('overview.topSellers'),
        h('div', { class: 'chart-box tall' }, sellersCanvas),
      ),
      card('span-6', t('overview.topBuyers'), h('div', { class: 'chart-box tall' }, buyersCanvas)),
    ),
  );
  const labels = byDay.map((d) => day(d.key));
  chart(countCanvas, {
    type: 'line',
    labels,
    series: [
      {
        label: t('overview.seriesInvoices'),
        color: '#1f5fbf',
        values: byDay.map((d) => Number(d.count)),
      },
    ],
  });
  chart(amountCanvas, {
    type: 'line',
    labels,
    format: moneyTick,
    tooltip: (v) => money(Math.round(v)),
    series: [
      {
        label: t('overview.seriesGross'),
        color: '#1f5fbf',
        values: byDay.map((d) => Number(d.gross)),
      },
      { label: t('overview.seriesTax'), color: '#c2410c', values: byDay.map((d) => Number(d.tax)) },
    ],
  });
  for (const [el, data, color] of [
    [sellersCanvas, topSellers, '#177245'],
    [buyersCanvas, topBuyers, '#7c3aed'],
  ] as const)
    chart(el, {
      type: 'bar',
      // Two lines per bar: the company's name, its tax ID beneath.
      labels: data.map((d) => [nameOf(d.key), d.key]),
      format: moneyTick,
      tooltip: (v) => money(Math.round(v)),
      series: [
        { label: t('overview.seriesGross'), color, values: data.map((d) => Number(d.gross)) },
      ],
    });
}
