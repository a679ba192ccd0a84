import { createServer } from 'node:http';
import type { Command } from 'commander';
import { CliError } from '../cli-error';
import { note, printJson } from '../output';
import { refusedDelivery, webhookPublicKey } from '../webhook-verify';

/** Largest delivery body read; Tax Chain's are a few hundred bytes. */
const MAX_BODY = 1_048_576;

/**
 * `taxchain webhooks listen`: a receiver for a developer's machine. Prints each verified
 * delivery as JSON (answering 204) and refuses the rest on stderr (answering 401, so the
 * platform retries).
 */
export function webhooksCommand(program: Command): void {
  const webhooks = program.command('webhooks').description('receive webhooks on this machine');
  webhooks
    .command('listen')
    .description(
      'verify and print Standard Webhooks deliveries (register http://127.0.0.1:<port>/)',
    )
    .requiredOption('--port <n>', 'port to listen on, on 127.0.0.1', portArgument)
    .requiredOption(
      '--public-key <whpk_…>',
      'a published key (GET /webhooks/keys/{taxId}); repeat while a rotation settles',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--tolerance <seconds>', 'oldest accepted webhook-timestamp', secondsArgument, 300)
    .action(async (flags: { port: number; publicKey: string[]; tolerance: number }) => {
      const keys = flags.publicKey.map((key) => {
        try {
          return webhookPublicKey(key);
        } catch (error) {
          throw CliError.badInput(`--public-key ${key}: ${(error as Error).message}`);
        }
      });
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY) chunks.push(chunk);
        });
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const refused =
            size > MAX_BODY
              ? 'body too large'
              : refusedDelivery(req.headers, body, keys, flags.tolerance);
          if (refused) {
            note(`refused ${String(req.headers['webhook-id'])}: ${refused}`);
            res.writeHead(401).end();
            return;
          }
          printJson({ webhookId: req.headers['webhook-id'], ...(JSON.parse(body) as object) });
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(flags.port, '127.0.0.1', resolve));
      note(`listening on http://127.0.0.1:${flags.port}/ (Ctrl-C to stop)`);
      await new Promise<void>((resolve) => process.once('SIGINT', resolve));
      server.close();
    });
}

function portArgument(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw CliError.badInput(`--port ${value} is not a port`);
  return port;
}

function secondsArgument(value: string): number {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1)
    throw CliError.badInput(`--tolerance ${value} is not a whole number of seconds`);
  return seconds;
}
