import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCommand, type Run } from './run-command';

/** The independent Java 17 verifier's Maven project, built from docs/spec alone. */
export const JAVA_VERIFIER = resolve(__dirname, '../interop/java-verifier');

/**
 * `mvn package` of the Java verifier, one build at a time on the machine: test files running in
 * parallel share its target/ directory, and two Maven builds at once there break each other.
 */
export function buildJavaVerifier(): Promise<Run> {
  return runCommand(
    'flock',
    [
      join(tmpdir(), 'taxchain-java-verifier.lock'),
      'mvn',
      '-q',
      '-B',
      '-Dstyle.color=never',
      'package',
    ],
    { cwd: JAVA_VERIFIER },
  );
}

/** `java … taxchain.verifier.Main <args>` once built. */
export function javaVerifier(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return runCommand(
    'java',
    ['-cp', 'target/classes:target/lib/*', 'taxchain.verifier.Main', ...args],
    { cwd: JAVA_VERIFIER, env },
  );
}
