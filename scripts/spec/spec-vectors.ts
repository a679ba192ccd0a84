import { documentVectors } from './document-vectors';
import { checkpointNoteVectors } from './note-vectors';
import { entryVectors } from './entry-vectors';
import { keyDirectoryVectors } from './key-directory-vectors';
import { bundleVectors, checkpointVectors, merkleVectors } from './proof-vectors';
import { qrVectors } from './qr-vectors';
import { chain } from './spec-fixture';

/** Every file of docs/spec/vectors, by name, as the platform's own code computes them now. */
export async function specVectors(): Promise<Record<string, unknown>> {
  const entries = chain();
  const bundles = await bundleVectors(entries);
  return {
    'documents.json': documentVectors(),
    'entries.json': entryVectors(entries),
    'merkle.json': await merkleVectors(entries),
    'checkpoints.json': checkpointVectors(entries),
    'checkpoint-notes.json': checkpointNoteVectors(entries),
    'proof-bundles.json': bundles,
    'key-directory.json': await keyDirectoryVectors(entries),
    'qr.json': qrVectors(entries),
  };
}

/** The text of each vector file: two-space JSON and a final newline. */
export function vectorFileText(content: unknown): string {
  return `${JSON.stringify(content, null, 2)}\n`;
}
