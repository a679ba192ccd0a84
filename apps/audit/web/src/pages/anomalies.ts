import { api } from '../api';
import { h, mount } from '../dom';
import { count, when } from '../format';
import { t } from '../i18n';
import { companiesIn, describe, SEVERITIES, STATUSES, TYPES, type Anomaly } from '../anomaly-model';
import { loadNames } from '../names';
import { go, type Route } from '../router';
import { severityBadge } from '../widgets';

interface Count {
  type: string;
  severity: string;
  status: string;
  count: number;
}

const FACETS = [
  { name: 'type', values: TYPES, label: (v: string) => t(`anomalies.types.${v}`) },
  { name: 'severity', values: SEVERITIES, label: (v: string) => t(`anomalies.severities.${v}`) },
  { name: 'status', values: STATUSES, label: (v: string) => t(`anomalies.statuses.${v}`) },
] as const;
type Facet = (typeof FACETS)[number]['name'];

/** Flagged anomalies, newest first, filtered by type, severity and status with their counts. */
export async function anomaliesPage(root: HTMLElement, route: Route): Promise<void> {
  const chosen: Record<Facet, string> = {
    type: route.query.get('type') ?? '',
    severity: route.query.get('severity') ?? '',
    // Open ones first: what is still to decide.
    status: route.query.get('status') ?? 'open',
  };
  mount(root, h('h1', {}, t('anomalies.title')), h('p', { class: 'muted' }, t('common.loading')));
  const query = new URLSearchParams({ limit: '100' });
  for (const [name, value] of Object.entries(chosen)) if (value) query.set(name, value);
  const [counts, page] = await Promise.all([
    api<{ items: Count[] }>('/anomalies/counts'),
    api<{ items: Anomaly[]; nextCursor: string | null }>(`/anomalies?${query}`),
  ]);
  await loadNames(page.items.flatMap(companiesIn));
  const link = (facet: Facet, value: string) => {
    const next = new URLSearchParams();
    for (const [name, v] of Object.entries({ ...chosen, [facet]: value })) next.set(name, v);
    return `anomalies?${next}`;
  };
  // A facet's counts follow the other facets' choices, so each number is what a tap shows.
  const countFor = (facet: Facet, value: string) =>
    counts.items
      .filter((c) =>
        FACETS.every((f) => f.name === facet || !chosen[f.name] || c[f.name] === chosen[f.name]),
      )
      .filter((c) => !value || c[facet] === value)
      .reduce((sum, c) => sum + c.count, 0);
  const filters = h(
    'section',
    { class: 'card facets', id: 'anomaly-filters' },
    ...FACETS.map((facet) =>
      h(
        'div',
        { class: 'facet', role: 'group', 'aria-label': t(`anomalies.${facet.name}`) },
        h('span', { class: 'facet-name' }, t(`anomalies.${facet.name}`)),
        ...['', ...facet.values].map((value) =>
          h(
            'button',
            {
              class: `chip${chosen[facet.name] === value ? ' on' : ''}`,
              'aria-pressed': chosen[facet.name] === value ? 'true' : 'false',
              'data-facet': facet.name,
              'data-value': value || 'all',
              onclick: () => go(link(facet.name, value)),
            },
            value ? facet.label(value) : t('common.all'),
            h('span', { class: 'chip-count' }, count(countFor(facet.name, value))),
          ),
        ),
      ),
    ),
  );
  mount(
    root,
    h('h1', {}, t('anomalies.title')),
    filters,
    h(
      'section',
      { class: 'card' },
      h('p', { class: 'muted' }, t('anomalies.shown', { count: page.items.length })),
      page.items.length === 0
        ? h('p', { class: 'muted', id: 'anomalies' }, t('anomalies.none'))
        : h('ul', { class: 'anomaly-list', id: 'anomalies' }, ...page.items.map(row)),
    ),
  );
}

function row(a: Anomaly): HTMLElement {
  return h(
    'li',
    { 'data-type': a.type, 'data-status': a.status },
    h(
      'a',
      { href: `#/anomaly/${a.id}`, class: 'anomaly-link' },
      h(
        'span',
        { class: 'anomaly-head' },
        severityBadge(a.severity),
        h('strong', {}, t(`anomalies.types.${a.type}`, { defaultValue: a.type })),
      ),
      h('span', { class: 'anomaly-summary' }, describe(a)),
      h(
        'span',
        { class: 'muted' },
        when(a.detectedAt),
        ' · ',
        t(`anomalies.statuses.${a.status}`, { defaultValue: a.status }),
      ),
    ),
  );
}
