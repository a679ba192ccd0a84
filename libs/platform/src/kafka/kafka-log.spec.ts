import { logLevel } from 'kafkajs';
import { kafkaLogCreator } from './kafka-log';

describe('kafkaLogCreator', () => {
  const entry = (message: string, level = logLevel.ERROR) => ({
    namespace: 'Connection',
    level,
    label: 'ERROR',
    log: { timestamp: '2026-11-24T00:00:00.000Z', message, error: 'Topic creation errors' },
  });

  it('drops the CreateTopics reply line and writes every other entry as one JSON line', () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const log = kafkaLogCreator(logLevel.WARN);
      log(entry('Response CreateTopics(key: 19, version: 3)'));
      log(entry('Connection error: ECONNREFUSED'));
      expect(errors).toHaveBeenCalledTimes(1);
      expect(JSON.parse(errors.mock.calls[0][0] as string)).toMatchObject({
        level: 'ERROR',
        message: '[Connection] Connection error: ECONNREFUSED',
      });
    } finally {
      errors.mockRestore();
    }
  });
});
