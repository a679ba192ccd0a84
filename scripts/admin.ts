import 'reflect-metadata';
import { Command, Option } from 'commander';
import { PARTY_ROLES, type PageRequest, type Page } from '@taxchain/platform/access/store';
import { DomainException } from '@taxchain/platform/errors/domain.exception';
import { CredentialDto, IssuedCredentialDto } from '../apps/issuing/src/parties/dto/credential.dto';
import { IssueCredentialDto } from '../apps/issuing/src/parties/dto/issue-credential.dto';
import { PartyDto } from '../apps/issuing/src/parties/dto/party.dto';
import { RegisterPartyDto } from '../apps/issuing/src/parties/dto/register-party.dto';
import type { IssuedCredential } from '../apps/issuing/src/parties/credentials.service';
import { withAdminServices } from './admin/admin-context';
import { InputError, validatedInput } from './admin/validated-input';

/**
 * `npm run admin -- <command>`: the tax authority's bootstrap and break-glass tool, for the
 * first admin credential and for when the HTTP API is not at hand. Results print as the
 * API's JSON.
 */
const program = new Command('admin')
  .description('Tax Chain administration: parties and API credentials')
  .showHelpAfterError();

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

const printIssued = (issued: IssuedCredential) => {
  print(IssuedCredentialDto.fromIssued(issued));
  process.stderr.write(
    'Store this token now, somewhere safe: it is shown once and cannot be recovered.\n',
  );
};

async function everyPage<T>(list: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ cursor, limit: 100 });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

const parties = program.command('parties').description('Merchants and companies');

parties
  .command('add')
  .description('Register a party')
  .requiredOption('--tax-id <taxId>', 'unified social credit code')
  .requiredOption('--name <name>', 'registered name')
  .requiredOption('--roles <roles>', `comma-separated: ${PARTY_ROLES.join(', ')}`)
  .action(async (options: { taxId: string; name: string; roles: string }) => {
    const input = { ...options, roles: options.roles.split(',').map((r) => r.trim()) };
    const party = await validatedInput(RegisterPartyDto, input);
    print(PartyDto.from(await withAdminServices((s) => s.parties.register(party))));
  });

parties
  .command('list')
  .description('Every registered party, oldest first')
  .action(async () => {
    const all = await withAdminServices((s) => everyPage((page) => s.parties.list(page)));
    print(all.map((party) => PartyDto.from(party)));
  });

const credentials = program.command('credentials').description('API credentials');

credentials
  .command('issue')
  .description('Issue a credential for a party, an official or an admin; prints its token once')
  .addOption(
    new Option('--party <taxId>', 'tax ID of the party it acts for').conflicts([
      'official',
      'admin',
    ]),
  )
  .addOption(
    new Option('--role <role>', 'with --party')
      .choices(PARTY_ROLES)
      .conflicts(['official', 'admin']),
  )
  .addOption(new Option('--official <label>', 'a tax official (label: who)').conflicts('admin'))
  .option('--admin <label>', 'an administrator (label: who)')
  .addOption(
    new Option('--label <label>', 'with --party: who or what holds it').conflicts([
      'official',
      'admin',
    ]),
  )
  .action(async (options: Record<string, string | undefined>) => {
    const request = await validatedInput(IssueCredentialDto, issueRequest(options));
    printIssued(await withAdminServices((s) => s.credentials.issue(request)));
  });

credentials
  .command('rotate <id>')
  .description('Replace a credential with a new token; the old one is revoked')
  .action(async (id: string) => {
    printIssued(await withAdminServices((s) => s.credentials.rotate(id)));
  });

credentials
  .command('revoke <id>')
  .description('Revoke a credential; services refuse it within AUTH_CACHE_TTL_MS')
  .action(async (id: string) => {
    print(CredentialDto.from(await withAdminServices((s) => s.credentials.revoke(id))));
  });

credentials
  .command('list')
  .description('Every credential, oldest first; never a secret')
  .action(async () => {
    const all = await withAdminServices((s) => everyPage((page) => s.credentials.list(page)));
    print(all.map((credential) => CredentialDto.from(credential)));
  });

function issueRequest(options: Record<string, string | undefined>): Record<string, unknown> {
  if (options.official !== undefined) return { role: 'official', label: options.official };
  if (options.admin !== undefined) return { role: 'admin', label: options.admin };
  if (options.party === undefined) throw new InputError('give --party, --official or --admin');
  return { role: options.role ?? '', taxId: options.party, label: options.label };
}

program.parseAsync().catch((error: unknown) => {
  const message =
    error instanceof DomainException
      ? `${error.title}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  process.stderr.write(`admin: ${message}\n`);
  process.exit(error instanceof InputError ? 2 : 1);
});
