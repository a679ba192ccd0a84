import { api } from './api';
import { h } from './dom';
import { count, age, when } from './format';
import { t } from './i18n';

interface Health {
  status: string;
  details?: {
    verification?: {
      breaks?: Array<{ chain: number; seq: number; reason: string }>;
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
  result: {
    ok: boolean;
    error?: string;
    chains?: Array<{
      chain: number;
      ok: boolean;
      verified?: number;
      break?: { seq: number; reason: string; detail: string };
      rewritten?: Array<{ seq: number }>;
      checkpointMismatches?: Array<{ size: number; problem: 'missing' | 'different' }>;
    }>;
  } | null;
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
    problems.push(t('health.checkFailing'));
  }
  const breaks = health?.details?.verification?.breaks ?? [];
  for (const b of breaks) problems.push(t('health.chainBroken', b));
  // /health names a break only while the tail still sees it; the anomaly stands until dismissed.
  const anomalies = await api<{ items: Array<{ status: string }> }>(
    '/anomalies?type=chain_break&limit=200',
  ).catch(() => ({ items: [] }));
  const unresolved = anomalies.items.filter((a) => a.status !== 'dismissed');
  if (unresolved.length > 0)
    problems.push(t('health.unresolvedBreaks', { count: unresolved.length }));
  let run: VerificationRun | undefined;
  const id = lastRun.id();
  if (id) run = await api<VerificationRun>(`/verifications/${id}`).catch(() => undefined);
  if (run?.state === 'done' && run.result && !run.result.ok) problems.push(t('health.lastFailed'));
  const ok = problems.length === 0;
  return h(
    'div',
    { id: 'chain-health' },
    h(
      'span',
      { class: `badge ${ok ? 'ok' : 'bad'}`, 'data-state': ok ? 'healthy' : 'broken' },
      ok ? t('health.healthy') : t('health.broken'),
    ),
    problems.length ? h('p', { class: 'muted', id: 'health-problems' }, problems.join('；')) : null,
    lastCheckpointLine(health),
    run ? h('p', { class: 'muted' }, runLine(run)) : h('p', { class: 'muted' }, t('health.noRun')),
  );
}

function runLine(run: VerificationRun): string {
  const state = t(`verification.states.${run.state}`, { defaultValue: run.state });
  const key = !run.result ? 'lastRun' : run.result.ok ? 'lastRunPassed' : 'lastRunFailed';
  const line = t(`health.${key}`, { state });
  return run.finishedAt ? `${line} — ${when(run.finishedAt)} (${age(run.finishedAt)})` : line;
}

/** The oldest of the chains' last verified checkpoints: how far back the record is proven. */
function lastCheckpointLine(health: Health | undefined): HTMLElement {
  const verified = health?.details?.verification?.lastVerified ?? [];
  if (verified.length === 0)
    return h('p', { class: 'muted', id: 'last-checkpoint' }, t('health.noCheckpoint'));
  const oldest = verified.reduce((a, b) => (a.sealedAt < b.sealedAt ? a : b));
  const entries = verified.reduce((sum, v) => sum + v.size, 0);
  return h(
    'p',
    { class: 'muted', id: 'last-checkpoint' },
    t('health.checkpoints', {
      entries: count(entries),
      chains: verified.length,
      sealed: age(oldest.sealedAt),
      checked: age(oldest.verifiedAt),
    }),
  );
}
