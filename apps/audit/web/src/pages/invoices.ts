import { api } from '../api';
import { h, mount } from '../dom';
import { day, fenToYuan, money, percent, yuanToFen } from '../format';
import { t } from '../i18n';
import { invoiceLink, signed, type Invoice } from '../invoice-model';
import { party } from '../names';
import { go, type Route } from '../router';
import { redLetterBadge, table } from '../widgets';

const TEXT_FILTERS = ['name', 'seller', 'buyer'] as const;
const DATE_FILTERS = ['from', 'to'] as const;
/** Typed in yuan; the API takes fen. */
const AMOUNT_FILTERS = ['minGross', 'maxGross'] as const;
const RATES = ['0.13', '0.09', '0.06', '0.05', '0.03', '0.01', '0'];

/** Find by number, or search (kept in the hash, so results are linkable); a page of results. */
export async function invoicesPage(root: HTMLElement, route: Route): Promise<void> {
  const number = h('input', {
    name: 'number',
    id: 'invoice-number',
    inputmode: 'numeric',
    autocomplete: 'off',
    placeholder: '26…',
  });
  const byNumber = h(
    'form',
    {
      class: 'card row number-search',
      id: 'number-search',
      onsubmit: (event: Event) => {
        event.preventDefault();
        if (number.value.trim()) go(`invoice/${encodeURIComponent(number.value.trim())}`);
      },
    },
    h('label', { for: 'invoice-number' }, t('invoices.byNumber')),
    number,
    h('button', { type: 'submit' }, t('invoices.open')),
  );
  const form = searchForm(route);
  const results = h(
    'section',
    { class: 'card', id: 'results' },
    h('p', { class: 'muted' }, t('common.loading')),
  );
  mount(root, h('h1', {}, t('invoices.title')), byNumber, form, results);
  const query = new URLSearchParams(route.query);
  if (!query.has('limit')) query.set('limit', '50');
  const page = await api<{ items: Invoice[]; nextCursor: string | null }>(`/invoices?${query}`);
  mount(
    results,
    h(
      'h2',
      {},
      t(page.nextCursor ? 'invoices.foundMore' : 'invoices.found', { count: page.items.length }),
    ),
    page.items.length === 0
      ? h('p', { class: 'muted' }, t('invoices.none'))
      : resultsTable(page.items),
    page.nextCursor
      ? h(
          'p',
          {},
          h(
            'a',
            {
              class: 'button-link',
              href: `#/invoices?${withCursor(route.query, page.nextCursor)}`,
            },
            t('common.nextPage'),
          ),
        )
      : null,
  );
}

function searchForm(route: Route): HTMLFormElement {
  const error = h(
    'p',
    { class: 'error span-all', role: 'alert', hidden: true },
    t('invoices.badAmount'),
  );
  const input = (name: string, attrs: Record<string, string> = {}) =>
    h(
      'label',
      {},
      t(`invoices.filter.${name}`),
      h('input', { name, value: route.query.get(name) ?? '', ...attrs }),
    );
  const select = (name: string, options: Array<[value: string, label: string]>) => {
    const el = h(
      'select',
      { name },
      ...options.map(([value, label]) => h('option', { value }, label)),
    );
    el.value = route.query.get(name) ?? '';
    return h('label', {}, t(`invoices.filter.${name}`), el);
  };
  const form = h(
    'form',
    {
      class: 'card filters',
      id: 'invoice-search',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const query = new URLSearchParams();
        for (const [key, raw] of new FormData(form)) {
          const value = typeof raw === 'string' ? raw.trim() : '';
          if (!value) continue;
          if ((AMOUNT_FILTERS as readonly string[]).includes(key)) {
            const fen = yuanToFen(value);
            if (fen === undefined) {
              error.hidden = false;
              return;
            }
            query.set(key, fen);
          } else query.set(key, value);
        }
        go(`invoices?${query}`);
      },
    },
    ...TEXT_FILTERS.map((name) =>
      input(name, name === 'name' ? { placeholder: t('invoices.filter.namePlaceholder') } : {}),
    ),
    ...DATE_FILTERS.map((name) => input(name, { type: 'date' })),
    ...AMOUNT_FILTERS.map((name) =>
      h(
        'label',
        {},
        t(`invoices.filter.${name}`),
        h('input', {
          name,
          inputmode: 'decimal',
          placeholder: '1280.00',
          value:
            route.query.has(name) && /^\d+$/.test(route.query.get(name)!)
              ? fenToYuan(route.query.get(name)!)
              : '',
        }),
      ),
    ),
    select('taxRate', [
      ['', t('common.any')],
      ...RATES.map((r): [string, string] => [r, percent(r)]),
    ]),
    select('status', [
      ['', t('common.any')],
      ['issued', t('status.issued')],
      ['voided', t('status.voided')],
    ]),
    h('button', { type: 'submit' }, t('common.search')),
    error,
  );
  return form;
}

function resultsTable(items: Invoice[]): HTMLElement {
  return table(
    [
      t('invoices.column.number'),
      t('invoices.column.seller'),
      { label: t('invoices.column.buyer'), class: 'hide-sm' },
      { label: t('invoices.column.date'), class: 'hide-sm nowrap' },
      { label: t('invoices.column.gross'), class: 'num' },
      { label: t('invoices.column.tax'), class: 'num hide-sm' },
      { label: t('invoices.column.status'), class: 'nowrap' },
    ],
    items.map((i) => [
      h(
        'span',
        { class: 'invoice-ref', 'data-kind': i.kind },
        h('a', { href: invoiceLink(i.invoiceNumber) }, i.invoiceNumber),
        i.kind === 'credit-note' ? redLetterBadge() : null,
      ),
      party(i.seller.taxId, i.seller.name),
      party(i.buyer.taxId, i.buyer.name),
      day(i.issueDate),
      h(
        'span',
        { class: i.kind === 'credit-note' ? 'amount negative' : 'amount' },
        money(signed(i, i.gross)),
      ),
      money(signed(i, i.tax)),
      h(
        'span',
        {},
        t(`status.${i.status}`, { defaultValue: i.status }),
        i.kind === 'invoice'
          ? h('div', { class: 'muted' }, t(`claim.${i.claimState}`, { defaultValue: i.claimState }))
          : null,
      ),
    ]),
    { id: 'invoice-results' },
  );
}

function withCursor(query: URLSearchParams, cursor: string): string {
  const next = new URLSearchParams(query);
  next.set('cursor', cursor);
  return next.toString();
}
