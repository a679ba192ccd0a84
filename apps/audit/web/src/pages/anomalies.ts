import { api, ApiError, post } from '../api';
import { h, mount } from '../dom';
import { when } from '../format';
import { go, type Route } from '../router';

interface Anomaly {
  id: string;
  type: string;
  severity: string;
  summary: string;
  evidence: Record<string, unknown>;
  status: string;
  decidedBy: string | null;
  decidedAt: string | null;
  detectedAt: string;
}

interface EvidenceEntry {
  chain?: number;
  seq?: number;
  kind?: string;
  subject?: string;
}

const SEVERITY: Record<string, string> = {
  critical: 'bad',
  high: 'bad',
  medium: 'warn',
  low: 'ok',
};

/** Flagged anomalies, newest first; each opens to its evidence and the two decisions. */
export async function anomaliesPage(root: HTMLElement, route: Route): Promise<void> {
  const status = route.query.get('status') ?? 'open';
  const tabs = h(
    'div',
    { class: 'row' },
    ...['open', 'acknowledged', 'dismissed', 'all'].map((s) =>
      h(
        'button',
        { class: s === status ? '' : 'secondary', onclick: () => go(`anomalies?status=${s}`) },
        s,
      ),
    ),
  );
  const list = h(
    'section',
    { class: 'card', id: 'anomalies' },
    h('p', { class: 'muted' }, 'Loading…'),
  );
  mount(root, h('h1', {}, 'Anomalies'), tabs, h('div', { style: 'height:1rem' }), list);
  const page = await api<{ items: Anomaly[] }>(
    `/anomalies?limit=100${status === 'all' ? '' : `&status=${status}`}`,
  );
  mount(
    list,
    page.items.length === 0
      ? h('p', { class: 'muted' }, `No ${status === 'all' ? '' : status} anomalies.`)
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
                h('th', {}, 'Severity'),
                h('th', {}, 'Type'),
                h('th', {}, 'Summary'),
                h('th', { class: 'hide-sm' }, 'Detected'),
                h('th', {}, 'Status'),
              ),
            ),
            h(
              'tbody',
              {},
              ...page.items.map((a) =>
                h(
                  'tr',
                  { 'data-type': a.type },
                  h(
                    'td',
                    {},
                    h('span', { class: `badge ${SEVERITY[a.severity] ?? 'warn'}` }, a.severity),
                  ),
                  h('td', {}, a.type),
                  h('td', {}, h('a', { href: `#/anomaly/${a.id}` }, a.summary)),
                  h('td', { class: 'hide-sm' }, when(a.detectedAt)),
                  h('td', {}, a.status),
                ),
              ),
            ),
          ),
        ),
  );
}

/** One anomaly: its evidence as recorded, and acknowledge / dismiss while it is open. */
export async function anomalyPage(root: HTMLElement, id: string): Promise<void> {
  const anomaly = await findAnomaly(id);
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const decide = async (decision: 'acknowledge' | 'dismiss') => {
    try {
      await post(`/anomalies/${id}/${decision}`);
      await anomalyPage(root, id);
    } catch (e) {
      error.textContent = e instanceof ApiError ? e.detail || e.title : String(e);
      error.hidden = false;
    }
  };
  if (!anomaly) {
    mount(
      root,
      h('h1', {}, 'Anomaly'),
      h('p', { class: 'error' }, `No anomaly ${id} in the latest 200.`),
    );
    return;
  }
  const entries = Array.isArray(anomaly.evidence.entries)
    ? (anomaly.evidence.entries as EvidenceEntry[])
    : [];
  mount(
    root,
    h('p', {}, h('a', { href: '#/anomalies' }, '← All anomalies')),
    h('h1', { class: 'long-title' }, anomaly.summary),
    h(
      'div',
      { class: 'grid' },
      h(
        'section',
        { class: 'card span-4' },
        h('h2', {}, 'Decision'),
        h(
          'p',
          {},
          h('span', { class: `badge ${SEVERITY[anomaly.severity] ?? 'warn'}` }, anomaly.severity),
          ' ',
          anomaly.type,
        ),
        h('p', {}, 'Status: ', h('strong', { id: 'anomaly-status' }, anomaly.status)),
        h('p', { class: 'muted' }, `Detected ${when(anomaly.detectedAt)}`),
        anomaly.decidedAt
          ? h('p', { class: 'muted' }, `Decided ${when(anomaly.decidedAt)} by ${anomaly.decidedBy}`)
          : null,
        anomaly.status === 'open'
          ? h(
              'div',
              { class: 'row' },
              h(
                'button',
                { id: 'acknowledge', onclick: () => void decide('acknowledge') },
                'Acknowledge',
              ),
              h(
                'button',
                { id: 'dismiss', class: 'secondary', onclick: () => void decide('dismiss') },
                'Dismiss',
              ),
            )
          : null,
        error,
      ),
      h(
        'section',
        { class: 'card span-8' },
        h('h2', {}, 'Evidence'),
        entries.length
          ? h(
              'ul',
              {},
              ...entries.map((e) =>
                h(
                  'li',
                  {},
                  `${e.kind ?? ''} `,
                  e.subject
                    ? h('a', { href: `#/invoice/${encodeURIComponent(e.subject)}` }, e.subject)
                    : null,
                  ` · chain ${String(e.chain)} seq ${String(e.seq)}`,
                ),
              ),
            )
          : null,
        h('pre', { id: 'evidence' }, JSON.stringify(anomaly.evidence, null, 2)),
      ),
    ),
  );
}

async function findAnomaly(id: string): Promise<Anomaly | undefined> {
  const page = await api<{ items: Anomaly[] }>('/anomalies?limit=200');
  return page.items.find((a) => a.id === id);
}
