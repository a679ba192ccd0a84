import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { specVectors, vectorFileText } from './spec/spec-vectors';

// npm run spec:vectors: writes docs/spec/vectors/*.json from the platform's own code. CI fails
// (scripts/spec/spec-vectors.spec.ts) when the committed files differ from what it writes.
async function main(): Promise<void> {
  const dir = resolve(__dirname, '../../docs/spec/vectors');
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(await specVectors())) {
    writeFileSync(resolve(dir, name), vectorFileText(content));
    process.stdout.write(`wrote docs/spec/vectors/${name}\n`);
  }
}

void main();
