import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRandomDatabase } from '@taxchain/platform';
import { containerEnvironment, loadCompose, parseEnvFile } from './support/compose-file';
import { effectiveCommand, scriptPaths, sourceOf } from './support/container-commands';
import { parseDockerfile } from './support/dockerfile';
import { readRepoFile, repoFileExists } from './support/repo-files';
import { runCommand } from './support/run-command';

const compose = loadCompose(
  readRepoFile('docker/compose.yml'),
  parseEnvFile(readRepoFile('docker/.env.example')),
);
const runtime = parseDockerfile(readRepoFile('docker/Dockerfile')).at(-1)!;
const services = Object.entries(compose.services).filter(([, s]) =>
  s.image?.startsWith('taxchain:'),
);
const apps = services.filter(([name]) => name !== 'migrate');

/** Each container's command, and the healthcheck's, as the image would run them. */
const commands = [
  ...services.map(([name, service]) => [name, effectiveCommand(service, runtime)] as const),
  ...apps.map(([name, s]) => [`${name} healthcheck`, healthcheckOf(s.healthcheck?.test)] as const),
];

describe('container commands', () => {
  it.each(commands)('%s runs a file built from a source in the repository', (_name, command) => {
    const scripts = scriptPaths(command);
    expect(scripts).toHaveLength(1);
    expect([scripts[0], repoFileExists(sourceOf(scripts[0]))]).toEqual([scripts[0], true]);
  });

  it.each(apps)(
    '%s: the command starts that service (it refuses to start without a database)',
    async (name, service) => {
      const { DATABASE_URL: _left, ...environment } = containerEnvironment(service);
      const result = await runCommand(effectiveCommand(service, runtime), environment);
      expect(result.status).toBe(78);
      expect(result.stderr.trim()).toBe(
        `${name}: Invalid configuration: DATABASE_URL is required (a postgres:// connection URL)`,
      );
    },
  );

  it('migrate: the command applies every migration to an empty database, once', async () => {
    const database = await createRandomDatabase(process.env.TEST_ADMIN_DATABASE_URL!);
    try {
      const migrate = compose.services.migrate;
      const environment = { ...containerEnvironment(migrate), DATABASE_URL: database.url };
      const first = await runCommand(effectiveCommand(migrate, runtime), environment);
      expect([first.status, first.stderr]).toEqual([0, '']);
      expect(first.stdout).toMatch(/^migrated: \S/m);
      const again = await runCommand(effectiveCommand(migrate, runtime), environment);
      expect(again.stdout.trim()).toBe('migrations: already up to date');
    } finally {
      await database.drop();
    }
  });

  describe('the healthcheck', () => {
    let server: Server;
    let status = 200;

    beforeAll(async () => {
      server = createServer((request, response) => {
        response.statusCode = request.url === '/health' ? status : 404;
        response.end();
      });
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    });

    afterAll(async () => {
      await new Promise((done) => server.close(done));
    });

    it.each(apps)(
      '%s: healthy on 200 from its /health port, unhealthy on 503',
      async (name, service) => {
        const port = (server.address() as AddressInfo).port;
        const environment = {
          ...containerEnvironment(service),
          [`${name.toUpperCase()}_PORT`]: String(port),
        };
        const command = healthcheckOf(service.healthcheck?.test);
        status = 200;
        expect((await runCommand(command, environment)).status).toBe(0);
        status = 503;
        expect((await runCommand(command, environment)).status).toBe(1);
      },
    );
  });
});

/** A compose healthcheck `test` in exec form: `["CMD", ...command]`. */
function healthcheckOf(test: string | string[] | undefined): string[] {
  if (!Array.isArray(test) || test[0] !== 'CMD')
    throw new Error(`not an exec-form healthcheck: ${String(test)}`);
  return test.slice(1);
}
