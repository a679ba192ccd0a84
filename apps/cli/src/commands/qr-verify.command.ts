import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { nativeEd25519 } from '@taxchain/ledger/crypto/native-ed25519';
import { invoiceCheckUrl, verifyInvoiceQr } from '@taxchain/ledger/qr/invoice-qr';
import { authorityKeys } from '../authority-keys';
import { CliError, ExitCode } from '../cli-error';
import { note, printJson } from '../output';

/** `taxchain qr-verify <text>`: the authority's statement in a printed QR code, checked offline. */
export function qrVerifyCommand(program: Command): void {
  program
    .command('qr-verify')
    .description(
      "check a scanned invoice QR code offline against the tax authority's key and print what it states",
    )
    .argument('[text]', 'the scanned QR text (default: read from --file)')
    .option('--file <file>', 'read the QR text from a file ("-": standard input)')
    .option(
      '--authority-key <hex>',
      'tax authority ed25519 public key (env TAXCHAIN_AUTHORITY_KEY)',
    )
    .action((argument: string | undefined, flags: { file?: string; authorityKey?: string }) => {
      const authority = authorityKeys(flags.authorityKey ?? process.env.TAXCHAIN_AUTHORITY_KEY);
      // OpenSSL's Ed25519 (same verdicts as the pure-JS engine, spec-vectors.spec.ts) answers at once.
      const verdict = verifyInvoiceQr(scannedText(argument, flags.file), authority, nativeEd25519);
      if (!verdict.ok) {
        printJson({ verified: false, reason: verdict.reason });
        throw new CliError(
          ExitCode.VerificationFailed,
          `the QR code is refused: ${verdict.reason}`,
        );
      }
      const { statement: s } = verdict;
      printJson({
        verified: true,
        invoiceNumber: s.n,
        issueDate: s.d,
        checkCode: s.c,
        gross: s.g,
        currency: s.cur,
        sellerTaxId: s.s,
        buyerTaxId: s.b,
        ledgerEntry: { entryHash: s.h, chain: s.chain, seq: s.seq },
        checkUrl: invoiceCheckUrl(s),
        authorityKeyId: s.k,
      });
      note(
        `signed by the tax authority: issued and recorded as printed; whether it is voided, credited or reimbursed since, only ${invoiceCheckUrl(s)} says`,
      );
    });
}

/** The text as scanned: the argument, or the file (a scanner's output often ends in a newline). */
function scannedText(argument: string | undefined, file: string | undefined): string {
  if ((argument === undefined) === (file === undefined))
    throw CliError.badInput('give either the QR text or --file');
  if (argument !== undefined) return argument;
  try {
    return readFileSync(file === '-' ? 0 : file!, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw CliError.badInput(`cannot read ${file}: ${(error as Error).message}`);
  }
}
