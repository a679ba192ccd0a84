import { authorityStatement, differences, type TrustDifference } from './authority-statement';
import { h } from './dom';
import { fingerprint } from './format';
import { t } from './i18n';
import { pinnedTrust } from './pin-store';

/** One difference between the server's statement and the pins, in the reader's language. */
export function differenceText(d: TrustDifference): string {
  return t(`trust.differs.${d.kind}`, { fingerprint: 'keyId' in d ? fingerprint(d.keyId) : '' });
}

/**
 * A warning above anything verified: the keys are unpinned (only the server's own statement),
 * or /authority disagrees with the pins. `onKeysPage`: without the link to that page.
 */
export async function trustWarning(onKeysPage = false): Promise<HTMLElement | null> {
  return pinnedTrust()
    ? mismatchWarning(onKeysPage)
    : box(
        'unpinned',
        t('trust.warning.unpinned'),
        t('trust.warning.unpinnedDetail'),
        [],
        !onKeysPage,
      );
}

/**
 * A warning when /authority disagrees with the pins, which alone are used all the same. Null
 * without pins, when the two agree, or when the server's statement cannot be read.
 */
export async function mismatchWarning(onKeysPage = false): Promise<HTMLElement | null> {
  const pins = pinnedTrust();
  const served = pins && (await authorityStatement().catch(() => undefined));
  const found = pins && served ? differences(pins, served) : [];
  if (found.length === 0) return null;
  return box(
    'mismatch',
    t('trust.warning.mismatch'),
    t('trust.warning.mismatchDetail'),
    found.map(differenceText),
    !onKeysPage,
  );
}

function box(
  state: string,
  title: string,
  detail: string,
  items: string[],
  linkToKeys: boolean,
): HTMLElement {
  return h(
    'div',
    { class: 'trust-warning', id: 'trust-warning', 'data-trust': state, role: 'alert' },
    h('strong', {}, title),
    h('p', {}, detail),
    items.length ? h('ul', {}, ...items.map((item) => h('li', {}, item))) : null,
    linkToKeys
      ? h(
          'a',
          { class: 'button-link', href: '#/trust', id: 'trust-review' },
          t('trust.warning.review'),
        )
      : null,
  );
}
