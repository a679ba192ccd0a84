import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '../config/load-config';
import { createServiceApp } from './create-service-app';
import type { ServiceDefinition } from './service-definition';

/** The process entry point of a service: fail fast on bad config, then serve until signalled. */
export async function runService(definition: ServiceDefinition): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${definition.name}: ${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  const app = await createServiceApp(definition, config);
  await app.startAllMicroservices();
  const port = definition.port(config);
  await app.listen(port, '0.0.0.0');
  new Logger(definition.name).log(`listening on http://127.0.0.1:${port} (docs at /docs)`);
}
