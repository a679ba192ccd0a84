import { keyId } from '@taxchain/ledger/crypto';
import { language } from './i18n';

/** Fen (an integer string, possibly negative) as yuan with ¥: "¥1,280.00", "-¥56.50". */
export function money(fen: string | number | bigint): string {
  const minor = BigInt(fen);
  const sign = minor < 0n ? '-' : '';
  const abs = minor < 0n ? -minor : minor;
  const yuan = new Intl.NumberFormat(language()).format(abs / 100n);
  return `${sign}¥${yuan}.${String(abs % 100n).padStart(2, '0')}`;
}

/** A unit price as signed (exact yuan: "5068.44", "0.125") grouped like amounts: "¥5,068.44". */
export function price(yuan: string): string {
  const [whole, fraction = ''] = yuan.split('.');
  return `¥${new Intl.NumberFormat(language()).format(BigInt(whole))}.${fraction.padEnd(2, '0')}`;
}

/** A chart axis value (fen as a number): yuan, rounded, with ¥. */
export function moneyTick(fen: number): string {
  return `¥${new Intl.NumberFormat(language(), { maximumFractionDigits: 0 }).format(fen / 100)}`;
}

/** Yuan typed by a person ("1280", "1,280.5") as fen, or undefined if it is not an amount. */
export function yuanToFen(text: string): string | undefined {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.replace(/[,，\s¥]/g, ''));
  if (!match) return undefined;
  return (BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'))).toString();
}

/** Fen as the plain yuan a person would type back into a filter. */
export function fenToYuan(fen: string): string {
  const minor = BigInt(fen);
  return `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`;
}

export function count(n: string | number): string {
  return new Intl.NumberFormat(language()).format(Number(n));
}

export function percent(rate: string): string {
  return new Intl.NumberFormat(language(), { style: 'percent', maximumFractionDigits: 2 }).format(
    Number(rate),
  );
}

/** "3 分钟前" / "3 minutes ago" from an ISO instant. */
export function age(iso: string, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const format = new Intl.RelativeTimeFormat(language(), { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, 'second');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86400), 'day');
}

/** An instant in China's time zone, in the reader's language. */
export function when(iso: string): string {
  return new Intl.DateTimeFormat(language(), {
    dateStyle: 'medium',
    timeStyle: 'medium',
    timeZone: 'Asia/Shanghai',
  }).format(new Date(iso));
}

/** A calendar date (YYYY-MM-DD): "2026年12月5日" / "5 Dec 2026". */
export function day(date: string): string {
  return new Intl.DateTimeFormat(language(), { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** A duration in milliseconds, in the largest whole unit ("60 秒", "7 days"). */
export function duration(ms: number): string {
  const units: Array<[Intl.NumberFormatOptions['unit'], number]> = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
    ['second', 1000],
  ];
  const [unit, size] = units.find(([, size]) => ms % size === 0 && ms >= size) ?? ['second', 1000];
  return new Intl.NumberFormat(language(), { style: 'unit', unit, unitDisplay: 'long' }).format(
    ms / size,
  );
}

export function shortHash(hex: string): string {
  return hex.length > 16 ? `${hex.slice(0, 10)}…${hex.slice(-6)}` : hex;
}

/** A key id (32 hex) in groups of four, as an official reads it aloud to compare: "a1b2 c3d4 …". */
export function fingerprint(keyId: string): string {
  return keyId.replace(/(.{4})(?=.)/g, '$1 ');
}

/** A public key's fingerprint: its key id (the runbook's), grouped. */
export function keyFingerprint(publicKey: Uint8Array): string {
  return fingerprint(keyId(publicKey));
}
