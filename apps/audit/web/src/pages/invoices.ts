import { api } from '../api';
import { h, mount } from '../dom';
import { money } from '../format';
import { go, type Route } from '../router';

interface Invoice {
  invoiceNumber: string;
  kind: string;
  seller: { taxId: string; name: string };
  buyer: { taxId: string; name: string };
  issueDate: string;
  currency: string;
  net: string;
  tax: string;
  gross: string;
  status: string;
  claimState: string;
}

const FILTERS: Array<[name: string, label: string, placeholder: string]> = [
  ['name', 'Seller or buyer name', 'Tea'],
  ['seller', 'Seller tax id', ''],
  ['buyer', 'Buyer tax id', ''],
  ['from', 'Issued from', 'YYYY-MM-DD'],
  ['to', 'Issued to', 'YYYY-MM-DD'],
  ['minGross', 'Min gross (minor units)', ''],
  ['maxGross', 'Max gross (minor units)', ''],
  ['taxRate', 'Tax rate', '0.13'],
];

/** Search form (kept in the hash, so results are linkable) and a page of results. */
export async function invoicesPage(root: HTMLElement, route: Route): Promise<void> {
  const inputs = FILTERS.map(([name, label, placeholder]) =>
    h('label', {}, label, h('input', { name, placeholder, value: route.query.get(name) ?? '' })),
  );
  const status = h(
    'select',
    { name: 'status' },
    h('option', { value: '' }, 'Any'),
    h('option', { value: 'issued' }, 'Issued'),
    h('option', { value: 'voided' }, 'Voided'),
  );
  status.value = route.query.get('status') ?? '';
  const form = h(
    'form',
    {
      class: 'card filters',
      id: 'invoice-search',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const query = new URLSearchParams();
        for (const [key, value] of new FormData(form))
          if (typeof value === 'string' && value.trim()) query.set(key, value.trim());
        go(`invoices?${query}`);
      },
    },
    ...inputs,
    h('label', {}, 'Status', status),
    h('button', { type: 'submit' }, 'Search'),
  );
  const results = h(
    'section',
    { class: 'card', id: 'results' },
    h('p', { class: 'muted' }, 'Searching…'),
  );
  mount(root, h('h1', {}, 'Invoices'), form, h('div', { style: 'height:1rem' }), results);
  const query = new URLSearchParams(route.query);
  if (!query.has('limit')) query.set('limit', '50');
  const page = await api<{ items: Invoice[]; nextCursor: string | null }>(`/invoices?${query}`);
  const exportQuery = new URLSearchParams(route.query);
  exportQuery.delete('cursor');
  mount(
    results,
    h(
      'div',
      { class: 'row' },
      h('h2', {}, `${page.items.length}${page.nextCursor ? '+' : ''} invoices`),
    ),
    page.items.length === 0
      ? h('p', { class: 'muted' }, 'No invoice matches.')
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            {},
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', {}, 'Number'),
                h('th', {}, 'Seller'),
                h('th', { class: 'hide-sm' }, 'Buyer'),
                h('th', { class: 'hide-sm' }, 'Date'),
                h('th', { class: 'num' }, 'Gross'),
                h('th', { class: 'num hide-sm' }, 'Tax'),
                h('th', {}, 'Status'),
              ),
            ),
            h(
              'tbody',
              {},
              ...page.items.map((i) =>
                h(
                  'tr',
                  {},
                  h(
                    'td',
                    {},
                    h(
                      'a',
                      { href: `#/invoice/${encodeURIComponent(i.invoiceNumber)}` },
                      i.invoiceNumber,
                    ),
                  ),
                  h('td', {}, i.seller.name, h('div', { class: 'muted' }, i.seller.taxId)),
                  h(
                    'td',
                    { class: 'hide-sm' },
                    i.buyer.name,
                    h('div', { class: 'muted' }, i.buyer.taxId),
                  ),
                  h('td', { class: 'hide-sm' }, i.issueDate),
                  h('td', { class: 'num' }, `${money(i.gross)} ${i.currency}`),
                  h('td', { class: 'num hide-sm' }, money(i.tax)),
                  h(
                    'td',
                    {},
                    i.status,
                    i.claimState !== 'none' ? h('div', { class: 'muted' }, i.claimState) : null,
                  ),
                ),
              ),
            ),
          ),
        ),
    page.nextCursor
      ? h(
          'p',
          {},
          h('a', { href: `#/invoices?${withCursor(route.query, page.nextCursor)}` }, 'Next page →'),
        )
      : null,
  );
}

function withCursor(query: URLSearchParams, cursor: string): string {
  const next = new URLSearchParams(query);
  next.set('cursor', cursor);
  return next.toString();
}
