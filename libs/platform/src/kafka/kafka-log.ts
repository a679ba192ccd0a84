import { logLevel, type LogEntry, type logCreator as LogCreator } from 'kafkajs';

const WRITE: Partial<Record<logLevel, (line: string) => void>> = {
  [logLevel.ERROR]: (line) => console.error(line),
  [logLevel.WARN]: (line) => console.warn(line),
  [logLevel.INFO]: (line) => console.info(line),
  [logLevel.DEBUG]: (line) => console.debug(line),
};

/**
 * kafkajs's console logging (one JSON line per entry), less one line: the broker connection logs
 * every CreateTopics reply that carries a per-topic error at ERROR, including "already exists"
 * when two services create the ledger topics at once. `admin.createTopics` treats that as
 * success and throws on any other error, so dropping the line hides nothing.
 */
export const kafkaLogCreator: LogCreator =
  () =>
  ({ namespace, level, label, log }: LogEntry) => {
    if (log.message.startsWith('Response CreateTopics')) return;
    const message = namespace ? `[${namespace}] ${log.message}` : log.message;
    WRITE[level]?.(JSON.stringify({ level: label, ...log, message }));
  };
