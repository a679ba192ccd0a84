import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../..');

export function repoPath(path: string): string {
  return resolve(repoRoot, path);
}

export function readRepoFile(path: string): string {
  return readFileSync(repoPath(path), 'utf8');
}

export function repoFileExists(path: string): boolean {
  return existsSync(repoPath(path));
}
