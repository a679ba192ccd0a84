import { api, ApiError, post } from '../api';
import { h, mount } from '../dom';
import { count, when } from '../format';
import { lastRun, type VerificationRun } from '../health';

let poll: number | undefined;

/** Start a full verification from genesis, follow it (done/total, rate, ETA), cancel it. */
export async function verificationPage(root: HTMLElement): Promise<void> {
  stopPolling();
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const progress = h('section', { class: 'card', id: 'verification-run' });
  const start = h(
    'button',
    { id: 'start-verification', onclick: () => void begin() },
    'Start full verification',
  );
  mount(
    root,
    h('h1', {}, 'Verification'),
    h(
      'p',
      { class: 'muted' },
      'Re-checks every chain from genesis: hashes, links, actor signatures and every checkpoint.',
    ),
    h('div', { class: 'row' }, start),
    error,
    h('div', { style: 'height:1rem' }),
    progress,
  );
  const fail = (e: unknown) => {
    error.textContent = e instanceof ApiError ? e.detail || e.title : String(e);
    error.hidden = false;
  };
  const show = (run: VerificationRun) => {
    start.disabled = run.state === 'running';
    const pct =
      run.total > 0 ? Math.round((run.done / run.total) * 100) : run.state === 'done' ? 100 : 0;
    const ok = run.result?.ok;
    mount(
      progress,
      h('h2', {}, 'Run ', h('code', {}, run.id)),
      h(
        'p',
        {},
        'State: ',
        h('strong', { id: 'run-state' }, run.state),
        ' ',
        run.result
          ? h('span', { class: `badge ${ok ? 'ok' : 'bad'}` }, ok ? 'chain intact' : 'chain BROKEN')
          : null,
      ),
      h('progress', { max: 100, value: pct }),
      h(
        'p',
        {},
        `${count(run.done)} / ${count(run.total)} entries (${pct}%)`,
        run.rate ? ` · ${count(Math.round(run.rate))} entries/s` : '',
        run.etaSeconds !== null && run.state === 'running' ? ` · ETA ${run.etaSeconds}s` : '',
      ),
      h(
        'p',
        { class: 'muted' },
        `Started ${when(run.startedAt)}`,
        run.finishedAt ? ` · finished ${when(run.finishedAt)}` : '',
      ),
      run.state === 'running'
        ? h(
            'button',
            { class: 'danger', id: 'cancel-verification', onclick: () => void cancel(run.id) },
            'Cancel',
          )
        : null,
      run.result
        ? h(
            'details',
            {},
            h('summary', {}, 'Result'),
            h('pre', {}, JSON.stringify(run.result, null, 2)),
          )
        : null,
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
  else mount(progress, h('p', { class: 'muted' }, 'No verification started from this session.'));
}

function stopPolling(): void {
  if (poll !== undefined) window.clearTimeout(poll);
  poll = undefined;
}
