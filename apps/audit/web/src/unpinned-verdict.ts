import { authorityStatement, servedPublicKeys } from './authority-statement';
import { h } from './dom';
import { keyFingerprint } from './format';
import { t } from './i18n';

/**
 * The verdict for proofs that check out against the keys /authority states while nothing is
 * pinned: not verified, since a server forging proofs would state its own keys too. Shows those
 * keys' fingerprints to compare with the authority's publication, and offers to pin.
 */
export async function unpinnedVerdict(matching: number, total: number): Promise<HTMLElement> {
  const served = await authorityStatement();
  const keys = servedPublicKeys(served).map(keyFingerprint);
  return h(
    'div',
    { class: 'verdict pending', id: 'verdict', 'data-verdict': 'unpinned' },
    t('verdict.unpinned'),
    h('div', { class: 'muted' }, t('verdict.unpinnedDetail', { matching, total })),
    h(
      'div',
      { class: 'muted' },
      t('verdict.serverKeys', { count: keys.length }),
      h('ul', { id: 'server-fingerprints' }, ...keys.map((k) => h('li', {}, h('code', {}, k)))),
    ),
    h('a', { class: 'button-link', href: '#/trust', id: 'pin-offer' }, t('verdict.pinOffer')),
  );
}
