import { readRepoFile } from './repo-files';

/** The broker properties scripts/kafka.sh writes for the development and test broker. */
export function devBrokerProperties(): string[] {
  const script = readRepoFile('scripts/kafka.sh');
  const block = /cat >"\$PROPS" <<EOF\n([\s\S]*?)\nEOF/.exec(script)?.[1];
  if (!block) throw new Error('scripts/kafka.sh: server.properties block not found');
  return block
    .split('\n')
    .filter((line) => /^[a-z]/.test(line))
    .map((line) => line.slice(0, line.indexOf('=')));
}

const SEPARATORS: Record<string, string> = { ___: '-', __: '_', _: '.' };

/**
 * The property an apache/kafka image variable sets: KAFKA_ dropped, lower-cased, `___` for
 * `-`, `__` for `_` and `_` for `.` (the image's documented convention).
 */
export function propertyOfImageVariable(name: string): string | undefined {
  if (!name.startsWith('KAFKA_')) return undefined;
  return name
    .slice('KAFKA_'.length)
    .toLowerCase()
    .replace(/_{1,3}/g, (run) => SEPARATORS[run]);
}

/** The Kafka version pinned for development and tests (scripts/kafka/pom.xml). */
export function pinnedKafkaVersion(): string {
  const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(
    readRepoFile('scripts/kafka/pom.xml'),
  )?.[1];
  if (!version) throw new Error('scripts/kafka/pom.xml: <kafka.version> not found');
  return version;
}
