import { h } from './dom';
import { t } from './i18n';

type Cell = Node | string | number | null | undefined | false;

/** A table with a header row; `numeric` columns align right. */
export function table(
  headers: Array<string | { label: string; class?: string }>,
  rows: Cell[][],
  attrs: Record<string, string> = {},
): HTMLElement {
  const cls = (header: (typeof headers)[number]) =>
    typeof header === 'string' ? undefined : header.class;
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      attrs,
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...headers.map((header) =>
            h('th', { class: cls(header) }, typeof header === 'string' ? header : header.label),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...rows.map((row) =>
          h('tr', {}, ...row.map((cell, i) => h('td', { class: cls(headers[i]) }, cell))),
        ),
      ),
    ),
  );
}

/** The record as the API sent it, folded away under a toggle. */
export function rawJson(value: unknown, id?: string): HTMLElement {
  return h(
    'details',
    { class: 'raw' },
    h('summary', {}, t('common.rawJson')),
    h('pre', { id }, JSON.stringify(value, null, 2)),
  );
}

const SEVERITY_CLASS: Record<string, string> = {
  critical: 'bad',
  high: 'bad',
  medium: 'warn',
  low: 'ok',
};

export function severityBadge(severity: string): HTMLElement {
  return h(
    'span',
    { class: `badge ${SEVERITY_CLASS[severity] ?? 'warn'}`, 'data-severity': severity },
    t(`anomalies.severities.${severity}`, { defaultValue: severity }),
  );
}

/** 红字: a credit note, the red-letter document that takes an invoice's amounts back. */
export function redLetterBadge(): HTMLElement {
  return h('span', { class: 'badge red-letter' }, t('kind.red'));
}
