import type { WitnessStatusReport } from '@taxchain/ledger/witness/witness-status-report';
import { api } from './api';
import { h } from './dom';
import { age, count } from './format';
import { t } from './i18n';
import { table } from './widgets';

/**
 * The witnesses' status from /health: per witness and chain the newest checkpoint it cosigned
 * and how long ago, and per chain whether the newest checkpoint has its quorum. Null when the
 * platform has no witnesses.
 */
export async function witnessStatusCard(): Promise<HTMLElement | null> {
  const health = await api<{ details?: { witnesses?: WitnessStatusReport } }>(
    '/health',
    {},
    null,
  ).catch(() => undefined);
  const status = health?.details?.witnesses;
  if (!status?.witnesses) return null;
  const newest = new Map(status.chains.map((c) => [c.chain, c.size]));
  const rows = status.witnesses.flatMap((w) =>
    (w.chains.length ? w.chains : [undefined]).map((c) => [
      h('span', { title: w.vkey }, w.name),
      c ? String(c.chain) : '—',
      c ? count(c.size) : '—',
      c ? age(c.cosignedAt) : t('witnesses.never'),
      c && newest.get(c.chain) === c.size
        ? h('span', { class: 'badge ok' }, t('witnesses.current'))
        : h('span', { class: 'badge warn' }, t('witnesses.behind')),
    ]),
  );
  const met = status.quorumMet;
  return h(
    'div',
    { id: 'witness-status' },
    h(
      'p',
      {},
      h(
        'span',
        { class: `badge ${met ? 'ok' : 'bad'}`, id: 'witness-quorum', 'data-met': String(met) },
        met ? t('witnesses.quorumMet') : t('witnesses.quorumNotMet'),
      ),
      ' ',
      t('witnesses.quorum', { quorum: status.quorum, total: status.witnesses.length }),
    ),
    table(
      [
        t('witnesses.witness'),
        t('witnesses.chain'),
        { label: t('witnesses.size'), class: 'num' },
        t('witnesses.age'),
        t('witnesses.state'),
      ],
      rows,
      { id: 'witness-table' },
    ),
  );
}
