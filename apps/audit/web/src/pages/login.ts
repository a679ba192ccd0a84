import { api } from '../api';
import { h, mount } from '../dom';
import { t } from '../i18n';
import { problemText } from '../problem-text';
import { go } from '../router';
import { session } from '../session';

/** Paste an official token; it is checked against the API before it is kept. */
export function loginPage(root: HTMLElement): void {
  const token = h('textarea', {
    id: 'token',
    rows: 3,
    placeholder: 'tc_o_…',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit' }, t('login.submit'));
  const form = h(
    'form',
    {
      onsubmit: (event: Event) => {
        event.preventDefault();
        void signIn(token.value.trim());
      },
    },
    h('label', { for: 'token' }, t('login.token')),
    token,
    error,
    submit,
  );
  async function signIn(value: string): Promise<void> {
    error.hidden = true;
    submit.disabled = true;
    try {
      await api('/anomalies?limit=1', {}, value);
      session.signIn(value);
      go('overview');
    } catch (e) {
      error.textContent = problemText(e);
      error.hidden = false;
    } finally {
      submit.disabled = false;
    }
  }
  mount(
    root,
    h(
      'section',
      { class: 'card login' },
      h('h1', {}, t('login.title')),
      h('p', { class: 'muted' }, t('login.intro')),
      form,
    ),
  );
}
