import { api } from './api';
import { h } from './dom';

const known = new Map<string, string>();

/** Company names for tax IDs (from /parties), asked for once per page load. */
export async function loadNames(taxIds: Iterable<string>): Promise<Map<string, string>> {
  const missing = [...new Set(taxIds)].filter((id) => !known.has(id) && /^[0-9A-Z]+$/.test(id));
  for (let i = 0; i < missing.length; i += 100) {
    const batch = missing.slice(i, i + 100);
    const page = await api<{ items: Array<{ taxId: string; name: string }> }>(
      `/parties?taxIds=${batch.join(',')}`,
    );
    for (const id of batch) known.set(id, id);
    for (const party of page.items) known.set(party.taxId, party.name);
  }
  return known;
}

/** A name, or the tax ID itself when no invoice names it. */
export function nameOf(taxId: string): string {
  return known.get(taxId) ?? taxId;
}

export function remember(taxId: string, name: string): void {
  known.set(taxId, name);
}

/** A company as officials read it: its name, its tax ID beneath. */
export function party(taxId: string, name = nameOf(taxId)): HTMLElement {
  return h(
    'span',
    { class: 'party' },
    h('span', { class: 'party-name' }, name),
    h('span', { class: 'party-id muted' }, taxId),
  );
}
