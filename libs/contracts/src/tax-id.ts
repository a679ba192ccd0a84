/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015) that identifies every seller
 * and buyer: 18 characters from a 31-character alphabet (digits and capitals without I, O, S, V, Z).
 *
 *   position 1      registration authority (登记管理部门)
 *   position 2      organisation type within that authority (机构类别)
 *   positions 3–8   administrative division of the registering office (GB/T 2260)
 *   positions 9–17  organisation code (GB 11714), whose own check character is position 17
 *   position 18     check character (GB/T 17710, ISO 7064 pure system mod 31)
 *
 * The check character alone catches every single-character substitution, and every swap of
 * two different characters except between positions 1 and 18 (see usccCheckCharacter).
 *
 * Deployments with other identifiers replace all of this with a pattern (TAX_ID_PATTERN).
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** 3^i mod 31: successive powers of a generator, so every position weighs differently. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORGANISATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * Organisation types each registration authority may use (GB 32100-2015 table 1 and its
 * amendment No. 1): e.g. 9 = market regulation with 1 company, 2 sole trader, 3 cooperative.
 */
const ORGANISATION_TYPES: Readonly<Record<string, string>> = {
  '1': '1239', // organisation establishment: organs, public institutions, mass organisations
  '2': '19', // foreign affairs
  '3': '123459', // justice: law firms, notaries, legal services, forensics, arbitration
  '4': '19', // culture
  '5': '1239', // civil affairs: social organisations, private non-enterprise units, foundations
  '6': '129', // tourism
  '7': '129', // religious affairs
  '8': '19', // trade unions
  '9': '123', // market regulation: companies, sole traders, farmers' cooperatives
  A: '19', // military establishment office
  N: '1239', // agriculture: collective economic organisations
  Y: '1', // other
};

/** GB/T 2260 provinces; `10` (with region 100000) marks the central level. */
const PROVINCES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82'.split(
    ' ',
  ),
);
const CENTRAL_REGION = '100000';

export type TaxIdValidation = { ok: true; region: string } | { ok: false; reason: string };

export interface TaxIdRegion {
  /** The six-digit administrative division code (positions 3–8). */
  region: string;
  /** Its first two digits. */
  province: string;
}

/** Compiles a TAX_ID_PATTERN source so that it must match the whole identifier. */
export function taxIdPattern(source: string): RegExp {
  return new RegExp(`^(?:${source})$`, 'u');
}

/**
 * Validates a tax identifier: the full GB 32100 rules, or, when a pattern is given, the pattern
 * alone (a named group `region` then supplies the region; without one it is '').
 */
export function validateTaxId(value: string, pattern?: RegExp): TaxIdValidation {
  if (pattern) {
    const match = pattern.exec(value);
    return match
      ? { ok: true, region: match.groups?.region ?? '' }
      : { ok: false, reason: `must match the pattern ${pattern.source}` };
  }
  const reason = usccProblem(value);
  return reason ? { ok: false, reason } : { ok: true, region: value.slice(2, 8) };
}

/** The region of a unified social credit code, or undefined when positions 3–8 are not one. */
export function taxIdRegion(taxId: string): TaxIdRegion | undefined {
  const region = taxId.slice(2, 8);
  if (taxId.length !== 18 || regionProblem(region)) return undefined;
  return { region, province: region.slice(0, 2) };
}

/**
 * The 18th character for the first 17: the one making Σ wᵢ·cᵢ + c₁₈ ≡ 0 (mod 31). Changing a
 * character by d moves the sum by w·d, never 0 mod the prime 31; swapping two moves it by
 * (wᵢ − wⱼ)·d, never 0 unless the weights are equal — only positions 1 and 18 both weigh 1.
 */
export function usccCheckCharacter(first17: string): string {
  const sum = USCC_WEIGHTS.reduce((acc, weight, i) => acc + weight * usccValue(first17[i]), 0);
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** GB 11714 check character of an 8-character organisation code body (mod 11, 10 → X). */
export function organisationCodeCheckCharacter(body: string): string {
  const sum = ORGANISATION_CODE_WEIGHTS.reduce(
    (acc, weight, i) => acc + weight * Number.parseInt(body[i], 36),
    0,
  );
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : String(check % 11);
}

/**
 * A valid code in the given region, from `random` (uniform in [0, 1)): for demo data and tests.
 * Throws when the region is not a GB/T 2260 division code this module accepts.
 */
export function generateTaxId(regionCode: string, random: () => number = Math.random): string {
  const problem = regionProblem(regionCode);
  if (problem) throw new RangeError(`region ${regionCode} ${problem}`);
  const pick = (choices: string) => choices[Math.floor(random() * choices.length)];
  const authority = pick(Object.keys(ORGANISATION_TYPES).join(''));
  const body = Array.from({ length: 8 }, () => pick(USCC_ALPHABET)).join('');
  const first17 =
    authority +
    pick(ORGANISATION_TYPES[authority]) +
    regionCode +
    body +
    organisationCodeCheckCharacter(body);
  return first17 + usccCheckCharacter(first17);
}

function usccProblem(value: string): string | undefined {
  if (value.length !== 18) return `must be 18 characters, not ${value.length}`;
  const foreign = [...value].findIndex((c) => !USCC_ALPHABET.includes(c));
  if (foreign >= 0)
    return `has '${value[foreign]}' at position ${foreign + 1}; only 0-9 and A-Y without I, O, S, V are used`;
  const types = ORGANISATION_TYPES[value[0]];
  if (!types) return `has an unknown registration authority '${value[0]}'`;
  if (!types.includes(value[1]))
    return `has organisation type '${value[1]}', which authority '${value[0]}' does not use`;
  const region = regionProblem(value.slice(2, 8));
  if (region) return `has a region (positions 3-8) that ${region}`;
  const organisationCheck = organisationCodeCheckCharacter(value.slice(8, 16));
  if (value[16] !== organisationCheck)
    return `has organisation code check character '${value[16]}' where '${organisationCheck}' is expected`;
  const check = usccCheckCharacter(value.slice(0, 17));
  if (value[17] !== check) return `has check character '${value[17]}' where '${check}' is expected`;
  return undefined;
}

/**
 * The rules above as a reader needs them to make a valid code (the OpenAPI description of every
 * tax ID a party is registered with), written from the same tables the check uses.
 */
export function usccRules(): string {
  const types = Object.entries(ORGANISATION_TYPES)
    .map(([authority, kinds]) => `${authority}: ${[...kinds].join('/')}`)
    .join(', ');
  return [
    `Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters of ${USCC_ALPHABET}, each worth its index (0-30).`,
    `Position 1 is the registration authority and 2 an organisation type it uses (${types}).`,
    `Positions 3-8 are a GB/T 2260 region: six digits whose first two are a province (${[...PROVINCES].join(' ')}), or ${CENTRAL_REGION}.`,
    `Positions 9-17 are the organisation code (GB 11714): with positions 9-16 read as base-36 digits (A = 10) and weighted ${ORGANISATION_CODE_WEIGHTS.join(', ')}, position 17 is 11 - (sum mod 11), written X for 10 and 0 for 11.`,
    `Position 18 is the check character: the alphabet's character at (31 - (sum mod 31)) mod 31, the sum being the first 17 values weighted ${USCC_WEIGHTS.join(', ')}.`,
    'A refused code is answered 400 validation-failed naming the first rule it breaks.',
  ].join(' ');
}

function regionProblem(region: string): string | undefined {
  if (!/^\d{6}$/.test(region)) return 'is not six digits';
  if (region === CENTRAL_REGION || PROVINCES.has(region.slice(0, 2))) return undefined;
  return `names no province (${region.slice(0, 2)})`;
}

function usccValue(character: string): number {
  return USCC_ALPHABET.indexOf(character);
}
