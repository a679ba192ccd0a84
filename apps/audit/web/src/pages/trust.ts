import { fromHex } from '@taxchain/ledger/crypto';
import { parseVerifierKey } from '@taxchain/ledger/note';
import { authorityStatement, type AuthorityStatement } from '../authority-statement';
import { h, mount } from '../dom';
import { keyFingerprint } from '../format';
import { t } from '../i18n';
import { pin, pinnedTrust, unpin } from '../pin-store';
import { isHexKey, parsePins, type PinProblem } from '../pins';
import { trustWarning } from '../trust-warning';
import { table } from '../widgets';

/**
 * Where the official pins the tax authority's keys and the witness policy, obtained out of band,
 * beside what this server's /authority states, fingerprints side by side to compare.
 */
export async function trustPage(root: HTMLElement): Promise<void> {
  const [served, warning] = await Promise.all([
    authorityStatement().catch(() => undefined),
    trustWarning(true),
  ]);
  const pins = pinnedTrust();
  const form = pinForm(() => void trustPage(root));
  mount(
    root,
    h('h1', {}, t('trust.title')),
    h('p', { class: 'lead' }, t('trust.intro')),
    warning,
    h(
      'div',
      { class: 'grid' },
      h(
        'section',
        { class: 'card span-6', id: 'pinned' },
        h('h2', {}, t('trust.pinnedTitle')),
        pins ? trustList(pins.authorityKeys, pins.witnesses, pins.quorum) : null,
        pins
          ? h(
              'button',
              {
                class: 'secondary',
                id: 'unpin',
                onclick: () => {
                  unpin();
                  void trustPage(root);
                },
              },
              t('trust.unpin'),
            )
          : h('p', { class: 'muted', id: 'nothing-pinned' }, t('trust.nothingPinned')),
      ),
      h(
        'section',
        { class: 'card span-6', id: 'served' },
        h('h2', {}, t('trust.servedTitle')),
        h('p', { class: 'muted' }, t('trust.servedIntro')),
        served ? servedList(served) : h('p', { class: 'error' }, t('trust.servedUnreadable')),
        served
          ? h(
              'button',
              { class: 'secondary', id: 'trust-fill', onclick: () => form.fill(served) },
              t('trust.fill'),
            )
          : null,
      ),
      form.element,
    ),
  );
}

function servedList(served: AuthorityStatement): HTMLElement {
  const policy = served.witnessPolicy;
  return trustList(
    served.keys.map((k) => k.publicKey),
    policy?.witnesses ?? [],
    policy?.quorum ?? null,
  );
}

/** Keys by fingerprint (full key beneath), then the witnesses and the quorum. */
function trustList(keys: string[], witnesses: string[], quorum: number | null): HTMLElement {
  const keyRows = keys.map((hex) => [
    h('code', { class: 'fingerprint' }, isHexKey(hex) ? keyFingerprint(fromHex(hex)) : '—'),
    h('code', { class: 'key' }, hex),
  ]);
  const witnessRows = witnesses.map((vkey) => {
    const key = parseVerifierKey(vkey);
    return [
      key?.name ?? vkey,
      h('code', { class: 'fingerprint' }, key ? keyFingerprint(key.publicKey) : '—'),
    ];
  });
  return h(
    'div',
    { class: 'trust-list' },
    h('h3', {}, t('trust.authorityKeys', { count: keys.length })),
    table([t('trust.fingerprint'), t('trust.publicKey')], keyRows, { class: 'keys' }),
    h('h3', {}, t('trust.witnesses')),
    quorum === null
      ? h('p', { class: 'muted' }, t('trust.noPolicy'))
      : h('p', { class: 'quorum' }, t('trust.quorum', { quorum, count: witnesses.length })),
    witnessRows.length ? table([t('trust.witness'), t('trust.fingerprint')], witnessRows) : null,
  );
}

/** The form: pins are parsed strictly and stored only when all of them parse. */
function pinForm(saved: () => void): {
  element: HTMLElement;
  fill: (served: AuthorityStatement) => void;
} {
  const keys = h('textarea', { id: 'pin-keys', rows: 4, spellcheck: 'false', autocomplete: 'off' });
  const witnesses = h('textarea', {
    id: 'pin-witnesses',
    rows: 3,
    spellcheck: 'false',
    autocomplete: 'off',
  });
  const quorum = h('input', { id: 'pin-quorum', inputmode: 'numeric', autocomplete: 'off' });
  const error = h('p', { class: 'error', id: 'pin-error', role: 'alert', hidden: true });
  const element = h(
    'form',
    {
      class: 'card span-12 pin-form',
      id: 'pin-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const parse = parsePins({
          authorityKeys: keys.value,
          witnesses: witnesses.value,
          quorum: quorum.value,
        });
        if (!parse.ok) {
          error.textContent = problemText(parse.problem);
          error.hidden = false;
          return;
        }
        pin(parse.pins);
        saved();
      },
    },
    h('h2', {}, t('trust.formTitle')),
    h('p', { class: 'muted' }, t('trust.formIntro')),
    h('label', { for: 'pin-keys' }, t('trust.keysLabel')),
    keys,
    h('label', { for: 'pin-witnesses' }, t('trust.witnessesLabel')),
    witnesses,
    h('label', { for: 'pin-quorum' }, t('trust.quorumLabel')),
    quorum,
    error,
    h('button', { type: 'submit', id: 'pin-save' }, t('trust.save')),
  );
  const fill = (served: AuthorityStatement) => {
    keys.value = served.keys.map((k) => k.publicKey).join('\n');
    witnesses.value = (served.witnessPolicy?.witnesses ?? []).join('\n');
    quorum.value = served.witnessPolicy ? String(served.witnessPolicy.quorum) : '';
    error.hidden = true;
    keys.focus();
  };
  return { element, fill };
}

function problemText(problem: PinProblem): string {
  return t(`trust.problem.${problem.code}`, problem);
}
