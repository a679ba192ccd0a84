import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

/**
 * Every environment variable Tax Chain reads, with its default and meaning.
 * The runbook and the compose file are checked against this one schema.
 */
export const configSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'test', 'production'])
    .default('development')
    .describe('Runtime mode; production refuses demo keys.'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'a postgres:// connection URL')
    .describe('PostgreSQL connection URL. `npm start` finds or starts a server when unset.'),
  DATABASE_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(20)
    .describe('Connections per service instance.'),
  KAFKA_BROKERS: z
    .string()
    .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'a comma-separated list of host:port')
    .describe('Kafka bootstrap brokers. `npm start` starts a local broker when unset.'),
  KAFKA_CLIENT_ID: z.string().min(1).default('taxchain').describe('Prefix of Kafka client ids.'),
  ISSUING_PORT: port(3001).describe('HTTP port of the issuing service.'),
  REIMBURSEMENT_PORT: port(3002).describe('HTTP port of the reimbursement service.'),
  AUDIT_PORT: port(3003).describe('HTTP port of the audit service.'),
  HTTP_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/, 'a size such as 256kb')
    .default('256kb')
    .describe('Largest accepted request body; larger ones get 413.'),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(10_000)
    .describe('Requests running longer are answered 503.'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Minimum level of structured log lines.'),
});

export type AppConfig = z.infer<typeof configSchema>;
export type ServiceName = 'issuing' | 'reimbursement' | 'audit';
