import { createHash } from 'node:crypto';
import {
  createCredentialToken,
  hashSecret,
  parseCredentialToken,
  secretMatches,
} from './credential-token';
import { CREDENTIAL_ROLES } from './roles';

describe(createCredentialToken.name, () => {
  it.each([
    ['admin', 'a'],
    ['merchant', 'm'],
    ['company', 'c'],
    ['official', 'o'],
  ] as const)('makes a %s token tc_%s_<20 hex id>_<43 base64url secret>', (role, letter) => {
    const { id, token } = createCredentialToken(role);
    expect(token).toMatch(new RegExp(`^tc_${letter}_${id}_[A-Za-z0-9_-]{43}$`));
    expect(id).toMatch(/^[0-9a-f]{20}$/);
  });

  it('keeps only the SHA-256 of the secret, never the secret', () => {
    const { token, secretHash } = createCredentialToken('merchant');
    const secret = token.slice('tc_m_'.length + 21);
    expect(secretHash).toEqual(createHash('sha256').update(secret).digest());
    expect(secretHash).toHaveLength(32);
  });

  it('never repeats an id or a secret', () => {
    const tokens = Array.from({ length: 1_000 }, () => createCredentialToken('company'));
    expect(new Set(tokens.map((t) => t.id)).size).toBe(1_000);
    expect(new Set(tokens.map((t) => t.token)).size).toBe(1_000);
  });
});

describe(parseCredentialToken.name, () => {
  it('reads back the id, role and secret of every role', () => {
    for (const role of CREDENTIAL_ROLES) {
      const { id, token, secretHash } = createCredentialToken(role);
      const parsed = parseCredentialToken(token);
      expect(parsed).toMatchObject({ id, role });
      expect(hashSecret(parsed!.secret)).toEqual(secretHash);
    }
  });

  it.each([
    ['empty', ''],
    ['another prefix', 'xx_m_0123456789abcdef0123_' + 'A'.repeat(43)],
    ['an unknown role letter', 'tc_x_0123456789abcdef0123_' + 'A'.repeat(43)],
    ['an id in capitals', 'tc_m_0123456789ABCDEF0123_' + 'A'.repeat(43)],
    ['a short secret', 'tc_m_0123456789abcdef0123_' + 'A'.repeat(42)],
    ['a padded secret', 'tc_m_0123456789abcdef0123_' + 'A'.repeat(42) + '='],
    ['trailing text', 'tc_m_0123456789abcdef0123_' + 'A'.repeat(43) + ' x'],
  ])('refuses %s', (_case, token) => {
    expect(parseCredentialToken(token)).toBeUndefined();
  });
});

describe(secretMatches.name, () => {
  const secret = 'S'.repeat(43);

  it('accepts the secret whose hash is stored', () => {
    expect(secretMatches(secret, hashSecret(secret))).toBe(true);
  });

  it('refuses a secret one character off', () => {
    expect(secretMatches(`${secret.slice(0, -1)}T`, hashSecret(secret))).toBe(false);
  });

  it('refuses, without throwing, a stored hash of another length', () => {
    expect(secretMatches(secret, hashSecret(secret).subarray(0, 16))).toBe(false);
  });
});
