import { api } from '../api';
import { chart } from '../charts';
import { h, mount } from '../dom';
import { count, money } from '../format';
import { chainHealthBadge } from '../health';

interface Aggregates {
  items: Array<{ key: string; count: string; net: string; tax: string; gross: string }>;
}

/** Totals over time, top parties, chain health and open anomalies. */
export async function overviewPage(root: HTMLElement): Promise<void> {
  mount(root, h('h1', {}, 'Overview'), h('p', { class: 'muted' }, 'Loading…'));
  const [days, sellers, buyers, open, badge] = await Promise.all([
    api<Aggregates>('/aggregates?by=day'),
    api<Aggregates>('/aggregates?by=seller'),
    api<Aggregates>('/aggregates?by=buyer'),
    api<{ items: unknown[]; nextCursor: string | null }>('/anomalies?status=open&limit=200'),
    chainHealthBadge(),
  ]);
  const byDay = [...days.items].sort((a, b) => a.key.localeCompare(b.key));
  const totals = byDay.reduce(
    (t, d) => ({
      count: t.count + Number(d.count),
      gross: t.gross + Number(d.gross),
      tax: t.tax + Number(d.tax),
    }),
    { count: 0, gross: 0, tax: 0 },
  );
  const canvas = (id: string) => h('canvas', { id, role: 'img', 'aria-label': id });
  const countCanvas = canvas('chart-count');
  const amountCanvas = canvas('chart-amount');
  const sellersCanvas = canvas('chart-sellers');
  const buyersCanvas = canvas('chart-buyers');
  const openCount = `${open.items.length}${open.nextCursor ? '+' : ''}`;
  mount(
    root,
    h('h1', {}, 'Overview'),
    h(
      'div',
      { class: 'grid' },
      h('section', { class: 'card span-3' }, h('h2', {}, 'Chain health'), badge),
      h(
        'section',
        { class: 'card span-3' },
        h('h2', {}, 'Open anomalies'),
        h('a', { class: 'stat', id: 'open-anomalies', href: '#/anomalies' }, openCount),
      ),
      h(
        'section',
        { class: 'card span-3' },
        h('h2', {}, 'Invoices'),
        h('div', { class: 'stat' }, count(totals.count)),
      ),
      h(
        'section',
        { class: 'card span-3' },
        h('h2', {}, 'Tax collected'),
        h('div', { class: 'stat' }, money(totals.tax)),
        h('div', { class: 'muted' }, `of ${money(totals.gross)} gross`),
      ),
      h(
        'section',
        { class: 'card span-6' },
        h('h2', {}, 'Invoices per day'),
        h('div', { class: 'chart-box' }, countCanvas),
      ),
      h(
        'section',
        { class: 'card span-6' },
        h('h2', {}, 'Amount and tax per day'),
        h('div', { class: 'chart-box' }, amountCanvas),
      ),
      h(
        'section',
        { class: 'card span-6' },
        h('h2', {}, 'Top sellers (gross)'),
        h('div', { class: 'chart-box' }, sellersCanvas),
      ),
      h(
        'section',
        { class: 'card span-6' },
        h('h2', {}, 'Top buyers (gross)'),
        h('div', { class: 'chart-box' }, buyersCanvas),
      ),
    ),
  );
  const labels = byDay.map((d) => d.key);
  chart(countCanvas, {
    type: 'line',
    labels,
    series: [{ label: 'Invoices', color: '#1f5fbf', values: byDay.map((d) => Number(d.count)) }],
  });
  chart(amountCanvas, {
    type: 'line',
    labels,
    format: (v) => money(v),
    series: [
      { label: 'Gross', color: '#1f5fbf', values: byDay.map((d) => Number(d.gross)) },
      { label: 'Tax', color: '#c2410c', values: byDay.map((d) => Number(d.tax)) },
    ],
  });
  const top = (a: Aggregates) =>
    [...a.items].sort((x, y) => Number(y.gross) - Number(x.gross)).slice(0, 8);
  for (const [el, data, color] of [
    [sellersCanvas, top(sellers), '#177245'],
    [buyersCanvas, top(buyers), '#7c3aed'],
  ] as const)
    chart(el, {
      type: 'bar',
      labels: data.map((d) => d.key),
      format: (v) => money(v),
      series: [{ label: 'Gross', color, values: data.map((d) => Number(d.gross)) }],
    });
}
