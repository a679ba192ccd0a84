export interface ImageReference {
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseImage(reference: string): ImageReference {
  const [name, digest] = reference.split('@');
  const colon = name.lastIndexOf(':');
  const hasTag = colon > name.lastIndexOf('/');
  return {
    repository: hasTag ? name.slice(0, colon) : name,
    tag: hasTag ? name.slice(colon + 1) : undefined,
    digest,
  };
}

// PostgreSQL numbers releases MAJOR.MINOR since version 10, so 16.13 is one exact release;
// every other image here numbers them MAJOR.MINOR.PATCH.
const RELEASE_VERSION: Record<string, RegExp> = { postgres: /^\d+\.\d+(-|$)/ };
const DEFAULT_RELEASE_VERSION = /^\d+\.\d+\.\d+(-|$)/;

/** Pinned: a digest, or a tag naming one release (never `latest`, never just a major). */
export function isPinned(reference: string): boolean {
  const { repository, tag, digest } = parseImage(reference);
  if (digest) return /^sha256:[0-9a-f]{64}$/.test(digest);
  if (!tag) return false;
  const release = RELEASE_VERSION[repository.split('/').at(-1)!] ?? DEFAULT_RELEASE_VERSION;
  return release.test(tag);
}
