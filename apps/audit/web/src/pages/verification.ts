import { api, post } from '../api';
import { h, mount } from '../dom';
import { count, when } from '../format';
import { lastRun, type VerificationRun } from '../health';
import { t } from '../i18n';
import { problemText } from '../problem-text';
import { rawJson, table } from '../widgets';

let poll: number | undefined;

/** Start a full verification from genesis, follow it (done/total, rate, ETA), cancel it. */
export async function verificationPage(root: HTMLElement): Promise<void> {
  stopPolling();
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const progress = h('section', { class: 'card', id: 'verification-run' });
  const start = h(
    'button',
    { id: 'start-verification', onclick: () => void begin() },
    t('verification.start'),
  );
  mount(
    root,
    h('h1', {}, t('verification.title')),
    h('p', { class: 'muted' }, t('verification.intro')),
    h('div', { class: 'row' }, start),
    error,
    h('div', { class: 'gap' }),
    progress,
  );
  const fail = (e: unknown) => {
    error.textContent = problemText(e);
    error.hidden = false;
  };
  const show = (run: VerificationRun) => {
    start.disabled = run.state === 'running';
    const pct =
      run.total > 0 ? Math.round((run.done / run.total) * 100) : run.state === 'done' ? 100 : 0;
    const ok = run.result?.ok;
    mount(
      progress,
      h('h2', {}, `${t('verification.run')} `, h('code', {}, run.id)),
      h(
        'p',
        {},
        t('verification.state'),
        h(
          'strong',
          { id: 'run-state', 'data-state': run.state },
          t(`verification.states.${run.state}`, { defaultValue: run.state }),
        ),
        ' ',
        run.result
          ? h(
              'span',
              { class: `badge ${ok ? 'ok' : 'bad'}`, id: 'run-verdict', 'data-ok': String(ok) },
              ok ? t('verification.intact') : t('verification.broken'),
            )
          : null,
      ),
      h('progress', { max: 100, value: pct }),
      h(
        'p',
        {},
        t('verification.progress', { done: count(run.done), total: count(run.total), pct }),
        run.rate ? ` · ${t('verification.rate', { rate: count(Math.round(run.rate)) })}` : '',
        run.etaSeconds !== null && run.state === 'running'
          ? ` · ${t('verification.eta', { seconds: run.etaSeconds })}`
          : '',
      ),
      h(
        'p',
        { class: 'muted' },
        t('verification.started', { when: when(run.startedAt) }),
        run.finishedAt ? ` · ${t('verification.finished', { when: when(run.finishedAt) })}` : '',
      ),
      run.state === 'running'
        ? h(
            'button',
            { class: 'danger', id: 'cancel-verification', onclick: () => void cancel(run.id) },
            t('verification.cancel'),
          )
        : null,
      run.result ? resultTable(run.result) : null,
      run.result ? rawJson(run.result) : null,
    );
    if (run.state === 'running') schedule(run.id);
  };
  const refresh = async (id: string) => {
    if (!progress.isConnected) return;
    try {
      show(await api<VerificationRun>(`/verifications/${id}`));
    } catch (e) {
      fail(e);
    }
  };
  const schedule = (id: string) => {
    stopPolling();
    poll = window.setTimeout(() => void refresh(id), 1000);
  };
  async function begin(): Promise<void> {
    error.hidden = true;
    try {
      const run = await post<VerificationRun>('/verifications');
      lastRun.remember(run.id);
      show(run);
    } catch (e) {
      fail(e);
    }
  }
  async function cancel(id: string): Promise<void> {
    stopPolling();
    try {
      show(await post<VerificationRun>(`/verifications/${id}/cancel`));
    } catch (e) {
      fail(e);
    }
  }
  const id = lastRun.id();
  if (id) await refresh(id);
  else mount(progress, h('p', { class: 'muted' }, t('verification.none')));
}

/** Each chain's verdict: how many entries were verified and what was found wrong. */
function resultTable(result: NonNullable<VerificationRun['result']>): HTMLElement {
  return h(
    'div',
    {},
    h('h3', {}, t('verification.result')),
    result.error ? h('p', { class: 'error' }, result.error) : null,
    table(
      [
        t('verification.chain'),
        t('verification.verdict'),
        { label: t('verification.verified'), class: 'num' },
        t('verification.problems'),
      ],
      (result.chains ?? []).map((c) => [
        String(c.chain),
        h(
          'span',
          { class: `badge ${c.ok ? 'ok' : 'bad'}` },
          c.ok ? t('verification.intact') : t('verification.broken'),
        ),
        count(c.verified ?? 0),
        problems(c),
      ]),
      { id: 'verification-result' },
    ),
  );
}

type ChainReport = NonNullable<NonNullable<VerificationRun['result']>['chains']>[number];

function problems(c: ChainReport): string {
  const found = [
    c.break ? t('verification.breakAt', c.break) : '',
    c.rewritten?.length
      ? t('verification.rewritten', { seqs: c.rewritten.map((r) => r.seq).join(', ') })
      : '',
    ...(c.checkpointMismatches ?? []).map((m) =>
      t(`verification.checkpoint.${m.problem}`, { size: m.size }),
    ),
  ].filter(Boolean);
  return found.length ? found.join('；') : '—';
}

function stopPolling(): void {
  if (poll !== undefined) window.clearTimeout(poll);
  poll = undefined;
}
