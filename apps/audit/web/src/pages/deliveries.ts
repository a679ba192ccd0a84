import type { CompanyDeliveryHealth } from '@taxchain/contracts/delivery-health';
import { api } from '../api';
import { chart } from '../charts';
import { h, mount } from '../dom';
import { count } from '../format';
import { t } from '../i18n';
import { party, remember } from '../names';
import { table } from '../widgets';

/** GET /delivery-health's items: the reimbursement service's counts, named. */
type CompanyHealth = CompanyDeliveryHealth & { name: string | null };

const STATES = [
  { key: 'delivered', color: '#177245' },
  { key: 'queued', color: '#1f5fbf' },
  { key: 'retrying', color: '#d97706' },
  { key: 'disabled', color: '#b91c1c' },
] as const;

/** Height of one company's bar, so that every name stays readable. */
const BAR_PX = 44;

const messages = (c: CompanyHealth) => c.delivered + c.queued + c.retrying + c.disabled;

/**
 * Buyer companies' webhook delivery health: a bar per company split into its messages delivered,
 * queued, retrying and held on disabled endpoints (shares, so a small company's trouble shows as
 * plainly as a large one's), the most troubled first, and the counts beneath.
 */
export async function deliveriesPage(root: HTMLElement): Promise<void> {
  mount(root, h('h1', {}, t('deliveries.title')), h('p', { class: 'muted' }, t('common.loading')));
  const { items } = await api<{ items: CompanyHealth[] }>('/delivery-health');
  for (const c of items) if (c.name) remember(c.companyTaxId, c.name);
  const sum = (pick: (c: CompanyHealth) => number) => items.reduce((n, c) => n + pick(c), 0);
  const stat = (id: string, label: string, value: number, tone = '') =>
    h(
      'section',
      { class: 'card span-3' },
      h('h2', {}, label),
      h('div', { class: `stat ${tone}`, id }, count(value)),
    );
  const canvas = h('canvas', {
    id: 'chart-deliveries',
    role: 'img',
    'aria-label': t('deliveries.chartLabel'),
  });
  const troubled = items.filter((c) => c.retrying + c.disabled > 0).length;
  mount(
    root,
    h('h1', {}, t('deliveries.title')),
    h('p', { class: 'muted' }, t('deliveries.intro')),
    h(
      'div',
      { class: 'grid' },
      stat('companies-troubled', t('deliveries.troubled'), troubled, troubled ? 'bad' : ''),
      stat(
        'messages-delivered',
        t('deliveries.delivered'),
        sum((c) => c.delivered),
      ),
      stat(
        'messages-retrying',
        t('deliveries.retrying'),
        sum((c) => c.retrying),
      ),
      stat(
        'endpoints-disabled',
        t('deliveries.endpointsDisabled'),
        sum((c) => c.disabledEndpoints),
      ),
      h(
        'section',
        { class: 'card span-12' },
        h('h2', {}, t('deliveries.perCompany')),
        items.length === 0
          ? h('p', { class: 'muted' }, t('deliveries.none'))
          : h(
              'div',
              { class: 'chart-box', style: `height: ${80 + BAR_PX * items.length}px` },
              canvas,
            ),
      ),
      h(
        'section',
        { class: 'card span-12' },
        table(
          [
            t('deliveries.company'),
            // At 390 px the company and what needs attention stay; queued and endpoints go.
            ...STATES.map((s) => ({
              label: t(`deliveries.${s.key}`),
              class: s.key === 'queued' ? 'num hide-sm' : 'num',
            })),
            { label: t('deliveries.endpoints'), class: 'num hide-sm' },
          ],
          items.map((c) => [
            party(c.companyTaxId),
            ...STATES.map((s) => count(c[s.key])),
            t('deliveries.endpointsOf', { disabled: c.disabledEndpoints, total: c.endpoints }),
          ]),
          { id: 'delivery-health' },
        ),
      ),
    ),
  );
  if (items.length === 0) return;
  chart(canvas, {
    type: 'bar',
    stacked: true,
    // The name and the company's volume (the bar shows shares); its tax ID is in the table.
    labels: items.map((c) => [
      c.name ?? c.companyTaxId,
      t('deliveries.messagesOf', { count: count(messages(c)) }),
    ]),
    format: (share) => `${Math.round(share)}%`,
    series: STATES.map((s) => ({
      label: t(`deliveries.${s.key}`),
      color: s.color,
      values: items.map((c) => (messages(c) ? (100 * c[s.key]) / messages(c) : 0)),
    })),
    tooltip: (share, index) =>
      `${count(Math.round((share * messages(items[index])) / 100))} (${share.toFixed(1)}%)`,
  });
}
