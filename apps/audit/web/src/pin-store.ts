import { parsePins, type Pins } from './pins';

/** Per dashboard origin, and outliving the tab: the official pins once per browser. */
const KEY = 'taxchain.pins';

/** The pins kept in this browser; undefined when none are, or what is kept no longer parses. */
export function pinnedTrust(): Pins | undefined {
  const stored = localStorage.getItem(KEY);
  if (stored === null) return undefined;
  try {
    const kept = JSON.parse(stored) as Partial<Pins>;
    const parse = parsePins({
      authorityKeys: (kept.authorityKeys ?? []).join('\n'),
      witnesses: (kept.witnesses ?? []).join('\n'),
      quorum: kept.quorum == null ? '' : String(kept.quorum),
    });
    return parse.ok ? parse.pins : undefined;
  } catch {
    return undefined;
  }
}

export function pin(pins: Pins): void {
  localStorage.setItem(KEY, JSON.stringify(pins));
}

export function unpin(): void {
  localStorage.removeItem(KEY);
}
