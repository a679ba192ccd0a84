import { z } from 'zod';
import { configSchema, loadConfig } from '@taxchain/platform';
import {
  containerEnvironment,
  loadCompose,
  parseEnvFile,
  variablesIn,
  type ComposeFile,
  type ComposeService,
} from './support/compose-file';
import { composeSchemaErrors } from './support/compose-schema';
import { declaredNames, parseDockerfile } from './support/dockerfile';
import { isPinned, parseImage } from './support/image-pins';
import {
  devBrokerProperties,
  pinnedKafkaVersion,
  propertyOfImageVariable,
} from './support/kafka-properties';
import { readRepoFile } from './support/repo-files';

// Documented variables of the official postgres image and of apache/kafka (besides KAFKA_*).
const POSTGRES_IMAGE_VARIABLES = ['POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB', 'PGDATA'];
const KAFKA_IMAGE_VARIABLES = ['CLUSTER_ID'];
const APPS = ['issuing', 'reimbursement', 'audit'];

const composeText = readRepoFile('docker/compose.yml');
const envExample = parseEnvFile(readRepoFile('docker/.env.example'));
const compose: ComposeFile = loadCompose(composeText, envExample);
const stages = parseDockerfile(readRepoFile('docker/Dockerfile'));
const runtime = stages.at(-1)!;
const configKeys = Object.keys(configSchema.shape);

/** Services run from the Tax Chain image: the three apps and the migration job. */
const taxchainServices = Object.entries(compose.services).filter(
  ([, service]) => parseImage(service.image ?? '').repository === 'taxchain',
);
const apps = taxchainServices.filter(([name]) => APPS.includes(name));

describe('docker/compose.yml', () => {
  it('is valid under the Compose Specification schema', () => {
    expect(composeSchemaErrors(compose)).toEqual([]);
  });

  it('pins every image, the Dockerfile bases included, to one release', () => {
    const images = [
      ...Object.values(compose.services).map((s) => s.image ?? '(none)'),
      ...stages.map((s) => s.image),
    ];
    expect(images.filter((image) => !isPinned(image))).toEqual([]);
  });

  it('tags the Tax Chain image with the package version and builds it from docker/Dockerfile', () => {
    const { version } = JSON.parse(readRepoFile('package.json')) as { version: string };
    expect(taxchainServices.map(([name]) => name).sort()).toEqual([...APPS, 'migrate'].sort());
    for (const [, service] of taxchainServices) {
      expect(service.image).toBe(`taxchain:${version}`);
      expect(service.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
    }
  });

  it('runs the Kafka version scripts/kafka/pom.xml pins for development and tests', () => {
    const kafka = parseImage(compose.services.kafka.image!);
    expect(kafka).toEqual({ repository: 'apache/kafka', tag: pinnedKafkaVersion() });
  });

  it('configures Kafka with the properties of the development broker (scripts/kafka.sh)', () => {
    const environment = containerEnvironment(compose.services.kafka);
    const names = Object.keys(environment).filter((n) => !KAFKA_IMAGE_VARIABLES.includes(n));
    expect(names.map(propertyOfImageVariable).sort()).toEqual(devBrokerProperties().sort());
    expect(environment.CLUSTER_ID).toMatch(/^[A-Za-z0-9_-]{22}$/);
    for (const internal of ['OFFSETS_TOPIC', 'TRANSACTION_STATE_LOG'])
      expect(environment[`KAFKA_${internal}_REPLICATION_FACTOR`]).toBe('1');
    expect(compose.services.kafka.volumes).toEqual(['kafka-data:/var/lib/kafka/data']);
    expect(environment.KAFKA_LOG_DIRS).toBe('/var/lib/kafka/data');
    expect(compose.services.kafka.healthcheck?.test).toBeDefined();
  });

  it('gives PostgreSQL documented image variables, a named volume and pg_isready', () => {
    const postgres = compose.services.postgres;
    const names = Object.keys(containerEnvironment(postgres));
    expect(names.filter((n) => !POSTGRES_IMAGE_VARIABLES.includes(n))).toEqual([]);
    expect(postgres.volumes).toEqual(['postgres-data:/var/lib/postgresql/data']);
    expect(compose.volumes).toEqual({ 'postgres-data': null, 'kafka-data': null });
    expect(JSON.stringify(postgres.healthcheck?.test)).toContain('pg_isready');
  });

  it.each(taxchainServices)(
    '%s sets only configuration keys and image variables, every required key, values that load',
    (_name, service: ComposeService) => {
      const imageVariables = runtime.instructions
        .filter((i) => i.keyword === 'ENV' || i.keyword === 'ARG')
        .flatMap(declaredNames);
      const environment = containerEnvironment(service);
      const unknown = Object.keys(environment).filter(
        (n) => !configKeys.includes(n) && !imageVariables.includes(n),
      );
      expect(unknown).toEqual([]);
      expect(requiredConfigKeys().filter((key) => !(key in environment))).toEqual([]);
      expect(() => loadConfig(environment)).not.toThrow();
    },
  );

  it.each(taxchainServices)(
    '%s reaches the compose PostgreSQL and Kafka',
    (_name, service: ComposeService) => {
      const environment = containerEnvironment(service);
      const postgres = containerEnvironment(compose.services.postgres);
      const url = new URL(environment.DATABASE_URL);
      expect([url.hostname, url.username, url.password, url.pathname]).toEqual([
        'postgres',
        postgres.POSTGRES_USER,
        postgres.POSTGRES_PASSWORD,
        `/${postgres.POSTGRES_DB}`,
      ]);
      const advertised = containerEnvironment(compose.services.kafka).KAFKA_ADVERTISED_LISTENERS;
      expect(`PLAINTEXT://${environment.KAFKA_BROKERS}`).toBe(advertised);
      expect(service.depends_on?.postgres).toEqual({ condition: 'service_healthy' });
    },
  );

  it.each(taxchainServices)(
    '%s reads the authority key from a compose secret in production',
    (_name, service: ComposeService) => {
      const config = loadConfig(containerEnvironment(service));
      expect(config.NODE_ENV).toBe('production');
      const secret = /^\/run\/secrets\/(\w+)$/.exec(config.AUTHORITY_KEY_FILE ?? '')?.[1];
      expect(service.secrets).toContain(secret);
      expect(compose.secrets?.[secret!]).toEqual({ file: './secrets/authority.key' });
    },
  );

  it.each(apps)(
    '%s waits for healthy infrastructure and the migration, restarts, checks health, publishes its port',
    (name, service: ComposeService) => {
      const environment = containerEnvironment(service);
      expect(environment.SERVICE).toBe(name);
      expect(service.depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        kafka: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      });
      expect(service.restart).toBe('unless-stopped');
      expect(service.healthcheck?.test).toEqual(['CMD', 'node', 'docker/healthcheck.js']);
      const port = loadConfig(environment)[`${name.toUpperCase()}_PORT` as 'AUDIT_PORT'];
      expect(service.ports).toEqual([`${port}:${port}`]);
    },
  );

  it('documents in .env.example exactly the variables it uses, each a setting or image variable', () => {
    const used = [...variablesIn(composeText).keys()].sort();
    expect(Object.keys(envExample).sort()).toEqual(used);
    const documented = [...configKeys, ...POSTGRES_IMAGE_VARIABLES, ...KAFKA_IMAGE_VARIABLES];
    expect(used.filter((name) => !documented.includes(name))).toEqual([]);
  });

  it('falls back to the configuration schema defaults where it gives defaults', () => {
    for (const [name, fallback] of variablesIn(composeText)) {
      if (fallback === undefined || !configKeys.includes(name)) continue;
      const field = configSchema.shape[name as keyof typeof configSchema.shape] as z.ZodType;
      expect([name, fallback]).toEqual([name, String(field.parse(undefined))]);
    }
  });
});

describe('docker/Dockerfile', () => {
  it('builds in one stage and runs from a second, on the Node release package.json allows', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    const [base, ...others] = stages.map((s) => parseImage(s.image));
    expect(others).toEqual(others.map(() => base));
    expect(base.repository).toBe('node');
    const { engines } = JSON.parse(readRepoFile('package.json')) as { engines: { node: string } };
    expect(atLeast(base.tag!, engines.node.replace('>=', ''))).toBe(true);
  });

  it('installs from the lock file, builds, and drops development dependencies', () => {
    const runs = stages[0].instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(runs.join(' && ')).toMatch(/npm ci\b.*npm run build.*npm prune --omit=dev/);
  });

  it('runs as the unprivileged node user with a Node healthcheck and the chosen service', () => {
    const last = (keyword: string) =>
      runtime.instructions.filter((i) => i.keyword === keyword).at(-1)?.args;
    expect(last('USER')).toBe('node');
    expect(last('HEALTHCHECK')).toMatch(/CMD \["node", "docker\/healthcheck\.js"\]$/);
    expect(last('CMD')).toContain('dist/apps/${SERVICE}/src/main.js');
    expect(runtime.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args)).toEqual(
      expect.arrayContaining([
        '--from=build /app/node_modules ./node_modules',
        '--from=build /app/dist ./dist',
      ]),
    );
  });

  it('keeps dependencies, build output, data, secrets and history out of the build context', () => {
    const ignored = readRepoFile('.dockerignore').split('\n');
    for (const path of ['node_modules', 'dist', '.data', '.git', 'docker/secrets', '.env'])
      expect(ignored).toContain(path);
  });
});

function requiredConfigKeys(): string[] {
  return Object.entries(configSchema.shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([key]) => key);
}

function atLeast(version: string, minimum: string): boolean {
  const parts = (v: string) => v.split(/[.-]/).slice(0, 3).map(Number);
  const [a, b] = [parts(version), parts(minimum)];
  const first = a.findIndex((n, i) => n !== (b[i] ?? 0));
  return first === -1 || a[first] > (b[first] ?? 0);
}
