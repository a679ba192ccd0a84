import { api } from './api';
import { h } from './dom';
import { age, when } from './format';

interface Health {
  status: string;
  details?: {
    verification?: {
      brokenChains?: number[];
      lastVerified?: Array<{ chain: number; size: number; sealedAt: string; verifiedAt: string }>;
    };
  } & Record<string, { status: string }>;
}

export interface VerificationRun {
  id: string;
  state: string;
  done: number;
  total: number;
  rate: number | null;
  etaSeconds: number | null;
  startedAt: string;
  finishedAt: string | null;
  result: { ok: boolean; chains?: Array<{ chain: number; ok: boolean; verified?: number }> } | null;
}

const LAST_RUN = 'taxchain.lastVerification';
export const lastRun = {
  id: (): string | null => sessionStorage.getItem(LAST_RUN),
  remember: (id: string): void => sessionStorage.setItem(LAST_RUN, id),
};

/**
 * Green when every dependency is up, no chain is broken, no chain-break anomaly is left
 * undismissed, and the latest verification this official ran (if any) passed; red otherwise,
 * saying why.
 */
export async function chainHealthBadge(): Promise<HTMLElement> {
  const problems: string[] = [];
  let health: Health | undefined;
  try {
    health = await api<Health>('/health', {}, null);
  } catch (e) {
    health = (e as { status?: number }).status === 503 ? { status: 'error' } : undefined;
    problems.push('health check failing');
  }
  const broken = health?.details?.verification?.brokenChains ?? [];
  if (broken.length > 0)
    problems.push(`chain${broken.length > 1 ? 's' : ''} ${broken.join(', ')} broken`);
  // /health names a break only while the tail still sees it; the anomaly stands until dismissed.
  const breaks = await api<{ items: Array<{ status: string; evidence: { chain?: number } }> }>(
    '/anomalies?type=chain_break&limit=200',
  ).catch(() => ({ items: [] }));
  const unresolved = breaks.items.filter((a) => a.status !== 'dismissed');
  if (unresolved.length > 0)
    problems.push(
      `${unresolved.length} unresolved chain-break anomal${unresolved.length > 1 ? 'ies' : 'y'}`,
    );
  let run: VerificationRun | undefined;
  const id = lastRun.id();
  if (id) run = await api<VerificationRun>(`/verifications/${id}`).catch(() => undefined);
  if (run?.state === 'done' && run.result && !run.result.ok)
    problems.push('last verification failed');
  const ok = problems.length === 0;
  return h(
    'div',
    { id: 'chain-health' },
    h(
      'span',
      { class: `badge ${ok ? 'ok' : 'bad'}`, 'data-state': ok ? 'healthy' : 'broken' },
      ok ? 'Chain healthy' : 'Chain broken',
    ),
    problems.length ? h('p', { class: 'muted' }, problems.join('; ')) : null,
    lastCheckpointLine(health),
    run
      ? h(
          'p',
          { class: 'muted' },
          `Last verification: ${run.state}${run.result ? (run.result.ok ? ', passed' : ', FAILED') : ''}`,
          run.finishedAt ? ` — ${when(run.finishedAt)} (${age(run.finishedAt)})` : '',
        )
      : h('p', { class: 'muted' }, 'No verification run from this session yet.'),
  );
}

/** The oldest of the chains' last verified checkpoints: how far back the record is proven. */
function lastCheckpointLine(health: Health | undefined): HTMLElement {
  const verified = health?.details?.verification?.lastVerified ?? [];
  if (verified.length === 0)
    return h('p', { class: 'muted', id: 'last-checkpoint' }, 'No checkpoint verified yet.');
  const oldest = verified.reduce((a, b) => (a.sealedAt < b.sealedAt ? a : b));
  const entries = verified.reduce((sum, v) => sum + v.size, 0);
  return h(
    'p',
    { class: 'muted', id: 'last-checkpoint' },
    `Last verified checkpoints cover ${entries.toLocaleString('en-US')} entries on ${verified.length} chain${verified.length > 1 ? 's' : ''}; oldest sealed ${age(oldest.sealedAt)}, checked ${age(oldest.verifiedAt)}.`,
  );
}
