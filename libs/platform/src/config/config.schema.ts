import { z } from 'zod';

/** Origin prefix of the ledger's C2SP checkpoint notes when LEDGER_ORIGIN is unset. */
export const DEFAULT_LEDGER_ORIGIN = 'taxchain.local/ledger';

/** An optional base URL of a service, to which paths are appended. */
const baseUrl = () =>
  z
    .string()
    .refine(isPublicBaseUrl, 'an http:// or https:// URL without query, fragment or trailing slash')
    .optional();
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
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]*$/, 'letters, digits, dot, underscore or dash')
    .default('')
    .describe('Prefix of every topic name, to run several platforms on one cluster.'),
  KAFKA_CLIENT_ID: z.string().min(1).default('taxchain').describe('Prefix of Kafka client ids.'),
  ISSUING_PORT: port(3001).describe('HTTP port of the issuing service.'),
  REIMBURSEMENT_PORT: port(3002).describe('HTTP port of the reimbursement service.'),
  AUDIT_PORT: port(3003).describe('HTTP port of the audit service.'),
  PUBLIC_VERIFY_URL: baseUrl().describe(
    'Base URL of the reimbursement service as buyers reach it, printed on every invoice PDF and ' +
      'in its QR code (`<url>/check?number=…&date=…&code=…&amount=…`, the public check page, no login). Unset: ' +
      '`http://127.0.0.1:<REIMBURSEMENT_PORT>`, which only works on the same machine.',
  ),
  REIMBURSEMENT_URL: baseUrl().describe(
    'Base URL at which the audit service reads the reimbursement service (webhook delivery health ' +
      "for the dashboard, GET /webhooks/health, with the official's own token). Unset: " +
      '`http://127.0.0.1:<REIMBURSEMENT_PORT>`.',
  ),
  HTTP_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/, 'a size such as 256kb')
    .default('256kb')
    .describe('Largest accepted request body; larger ones get 413.'),
  HTTP_BATCH_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/, 'a size such as 2mb')
    .default('2mb')
    .describe(
      'Largest accepted body on batch routes (POST /invoices/batch: up to 500 signed invoices of about 1 kB each).',
    ),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(10_000)
    .describe('Requests running longer are answered 503.'),
  LEDGER_CHAINS: z.coerce
    .number()
    .int()
    .min(1)
    .max(1024)
    .default(4)
    .describe('Ledger chains (partitions keyed by subject); fixed once the ledger has entries.'),
  LEDGER_BATCH_MAX: z.coerce
    .number()
    .int()
    .min(1)
    .max(5_000)
    .default(500)
    .describe('Most units of work one ledger transaction commits together.'),
  LEDGER_WORKERS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true')
    .describe('Run the relay and checkpointer here (instances elect one leader per chain).'),
  LEDGER_ORIGIN: z
    .string()
    .regex(
      /^[A-Za-z0-9.-]+(\/[A-Za-z0-9._~-]+)*$/,
      'a schema-less URL such as tax.example/ledger (no spaces, no plus, no trailing slash)',
    )
    .default(DEFAULT_LEDGER_ORIGIN)
    .describe(
      'Prefix of the log origins of the C2SP checkpoint notes: chain N is the log `<prefix>/N`. Set it once, to a name the platform owns; witnesses know the logs by it.',
    ),
  CHECKPOINT_EVERY: z.coerce
    .number()
    .int()
    .min(1)
    .default(1_000)
    .describe('Seal a checkpoint after this many new entries on a chain.'),
  CHECKPOINT_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(50)
    .default(1_000)
    .describe('Seal a checkpoint at least this often while a chain has unsealed entries.'),
  WITNESSES: z
    .string()
    .default('')
    .describe(
      'Witnesses the checkpointer asks to cosign every checkpoint, comma separated, each `<url> <vkey>` ' +
        '(the vkey names the witness; docs/witness.md). Empty: no witness.',
    ),
  WITNESS_QUORUM: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .describe(
      'Cosignatures a checkpoint needs for /health, /metrics and the dashboard to report the witness quorum met; 0 means a majority of WITNESSES.',
    ),
  VERIFY_WITNESSES: z
    .string()
    .default('')
    .describe(
      'Witness policy of the verifying services: the vkeys of the witnesses whose cosignatures they ' +
        'trust, comma or space separated (docs/spec/proof-bundles.md, Witness quorum). Set: the ' +
        "reimbursement service's invoice verification says `valid` only for bundles cosigned by " +
        'VERIFY_WITNESS_QUORUM of them, and GET /authority publishes the policy for the browser ' +
        'verifier. Empty: no witness policy.',
    ),
  VERIFY_WITNESS_QUORUM: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe(
      'How many of VERIFY_WITNESSES must cosign a checkpoint (1 to their number); unset: all.',
    ),
  AUDIT_SWEEP_RATE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(500)
    .describe(
      'Entries per second the audit service re-verifies in its background sweep of the whole ledger ' +
        '(every entry and checkpoint, from genesis, round after round): the pass time is entries ÷ rate.',
    ),
  AUTHORITY_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/, '64 hex characters (an ed25519 secret key)')
    .optional()
    .describe('Tax authority signing key; never logged. Takes precedence over AUTHORITY_KEY_FILE.'),
  AUTHORITY_KEY_FILE: z
    .string()
    .min(1)
    .optional()
    .describe(
      'File holding the authority key (hex). Outside production it is generated under .data/ when missing.',
    ),
  AUTHORITY_PREVIOUS_KEYS: z
    .string()
    .regex(/^([0-9a-f]{64})(,[0-9a-f]{64})*$/, 'comma-separated 64-hex public keys')
    .optional()
    .describe('Public keys of retired authority keys, so old checkpoints keep verifying.'),
  TAX_ID_PATTERN: z
    .string()
    .refine(compiles, 'a regular expression')
    .optional()
    .describe(
      'Replaces the unified social credit code check (GB 32100) for tax IDs: a regular expression ' +
        'that must match the whole ID; a named group `region` supplies the region.',
    ),
  RATE_LIMIT_PER_SECOND: z.coerce
    .number()
    .int()
    .min(1)
    .default(200)
    .describe(
      'Sustained requests per second per credential (per IP when unauthenticated), over 10 s.',
    ),
  RATE_LIMIT_BURST: z.coerce
    .number()
    .int()
    .min(1)
    .default(400)
    .describe('Most requests per credential in any one second; beyond it, 429 with Retry-After.'),
  PUBLIC_CHECK_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .default(20)
    .describe(
      'Public invoice checks (POST /public/check and GET /check with facts, no login) per client address per minute; beyond it, 429 with Retry-After.',
    ),
  AUTH_CACHE_TTL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(5_000)
    .describe(
      'How long a verified credential is cached: a revocation reaches other instances within it.',
    ),
  ANOMALY_VOID_AFTER_CLAIM_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(86_400_000)
    .describe('A void or credit this soon after a claim attempt on the invoice is flagged.'),
  ANOMALY_RING_WINDOW_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(2_592_000_000)
    .describe('Circular invoicing: invoices within this window form the seller-to-buyer graph.'),
  ANOMALY_RING_MAX_LENGTH: z.coerce
    .number()
    .int()
    .positive()
    .default(6)
    .describe('Longest ring of companies searched (rings of 3 and more are flagged).'),
  ANOMALY_BURST_WINDOW_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(60_000)
    .describe('Burst: the window in which the invoices of one seller are counted.'),
  ANOMALY_BURST_MIN_COUNT: z.coerce
    .number()
    .int()
    .positive()
    .default(20)
    .describe('Burst: fewest invoices in one window to be flagged.'),
  ANOMALY_BURST_FACTOR: z.coerce
    .number()
    .int()
    .positive()
    .default(5)
    .describe('Burst: how many times the average per window of the seller itself.'),
  ANOMALY_BASELINE_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(604_800_000)
    .describe('Burst: the period over which the baseline of a seller is measured.'),
  ANOMALY_ACTIVITY_PRUNE_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(3_600_000)
    .describe(
      'How often the audit service deletes the activity the burst detector counts (audit.seller_activity and its counts) from before any window it can still read: its baseline period and window before the oldest entry every chain has applied, less an hour.',
    ),
  ANOMALY_NEW_BUYER_GROSS: z.coerce
    .number()
    .int()
    .positive()
    .default(5_000_000)
    .describe(
      'First invoice of a seller to a buyer at or above this gross (minor units) is flagged.',
    ),
  WEBHOOKS_ALLOW_LOOPBACK: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .describe(
      'Let webhook endpoints resolve to loopback addresses (127.0.0.0/8, ::1) and use plain http there: for tests and demos only. Private and link-local addresses stay refused.',
    ),
  WEBHOOKS_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(60_000)
    .default(10_000)
    .describe('A webhook delivery not answered within this is a failed attempt.'),
  WEBHOOKS_RESPONSE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_048_576)
    .default(65_536)
    .describe("Most bytes of a receiver's answer read; a longer one fails the attempt."),
  WEBHOOKS_RETRY_BASE_MS: z.coerce
    .number()
    .int()
    .min(10)
    .default(5_000)
    .describe(
      'First wait before a failed webhook delivery is retried; each later wait doubles (with ±20 % jitter) up to WEBHOOKS_RETRY_MAX_MS.',
    ),
  WEBHOOKS_RETRY_MAX_MS: z.coerce
    .number()
    .int()
    .min(10)
    .default(3_600_000)
    .describe('Longest wait between two attempts at a failing webhook endpoint.'),
  WEBHOOKS_DISABLE_AFTER_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(86_400_000)
    .describe(
      'An endpoint failing for this long without one success is disabled (the company sees why through the API).',
    ),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Minimum level of structured log lines.'),
  LOG_REQUEST_SAMPLE: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(0.01)
    .describe(
      'Share of answered requests (2xx, 3xx and the 4xx a client is told about) logged at info, evenly spread: 1 logs every one, 0 none. Server faults (5xx) are always logged, at error.',
    ),
});

function isPublicBaseUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (
    ['http:', 'https:'].includes(url.protocol) &&
    !url.search &&
    !url.hash &&
    !url.username &&
    !value.endsWith('/')
  );
}

function compiles(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}

export type AppConfig = z.infer<typeof configSchema>;
export type ServiceName = 'issuing' | 'reimbursement' | 'audit';
