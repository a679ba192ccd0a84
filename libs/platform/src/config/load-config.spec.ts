import { ConfigError, loadConfig } from './load-config';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/taxchain',
  KAFKA_BROKERS: '127.0.0.1:9092',
};

describe(loadConfig.name, () => {
  it('fills every default from a minimal environment', () => {
    const config = loadConfig(valid);
    expect(config.ISSUING_PORT).toBe(3001);
    expect(config.REIMBURSEMENT_PORT).toBe(3002);
    expect(config.AUDIT_PORT).toBe(3003);
    expect(config.HTTP_BODY_LIMIT).toBe('256kb');
  });

  it('lets each port be overridden', () => {
    expect(loadConfig({ ...valid, AUDIT_PORT: '4100' }).AUDIT_PORT).toBe(4100);
  });

  it('names a missing variable in one line', () => {
    const call = () => loadConfig({ KAFKA_BROKERS: valid.KAFKA_BROKERS });
    expect(call).toThrow(ConfigError);
    expect(call).toThrow(
      /^Invalid configuration: DATABASE_URL is required \(a postgres:\/\/ connection URL\)$/,
    );
  });

  it('names an invalid variable and what is expected', () => {
    expect(() => loadConfig({ ...valid, KAFKA_BROKERS: 'localhost' })).toThrow(
      'Invalid configuration: KAFKA_BROKERS must be a comma-separated list of host:port',
    );
    expect(() => loadConfig({ ...valid, ISSUING_PORT: '70000' })).toThrow(/ISSUING_PORT must be/);
  });

  it('limits each credential to 200/s sustained, bursts of 400, and caches it 5 s by default', () => {
    const config = loadConfig(valid);
    expect([config.RATE_LIMIT_PER_SECOND, config.RATE_LIMIT_BURST]).toEqual([200, 400]);
    expect(config.AUTH_CACHE_TTL_MS).toBe(5_000);
    expect(config.TAX_ID_PATTERN).toBeUndefined();
  });

  it('takes a tax ID pattern only when it is a regular expression', () => {
    expect(loadConfig({ ...valid, TAX_ID_PATTERN: '[0-9]{15}' }).TAX_ID_PATTERN).toBe('[0-9]{15}');
    expect(() => loadConfig({ ...valid, TAX_ID_PATTERN: '([0-9]' })).toThrow(
      'Invalid configuration: TAX_ID_PATTERN must be a regular expression',
    );
  });

  it('reports every bad variable at once', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(
      /DATABASE_URL.*KAFKA_BROKERS.*LOG_LEVEL/,
    );
  });

  it('takes a public verification URL only as a bare http(s) base', () => {
    expect(loadConfig(valid).PUBLIC_VERIFY_URL).toBeUndefined();
    const base = 'https://fapiao.example.cn/reimbursement';
    expect(loadConfig({ ...valid, PUBLIC_VERIFY_URL: base }).PUBLIC_VERIFY_URL).toBe(base);
    for (const bad of [
      'fapiao.example.cn',
      'ftp://example.cn',
      'https://example.cn/',
      'https://example.cn?x=1',
    ])
      expect(() => loadConfig({ ...valid, PUBLIC_VERIFY_URL: bad })).toThrow(
        'Invalid configuration: PUBLIC_VERIFY_URL must be an http:// or https:// URL without query, fragment or trailing slash',
      );
  });
});
