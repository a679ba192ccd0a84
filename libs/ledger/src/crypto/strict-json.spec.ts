import { DuplicateMemberError, parseJsonStrictly } from './strict-json';

describe(parseJsonStrictly.name, () => {
  it('reads what JSON.parse reads when no object repeats a member', () => {
    const text = '{"a":[{"a":1},{"a":"}\\",\\"a\\":"}],"b":{"c":{"a":null}},"\\u0061b":2}';
    expect(parseJsonStrictly(text)).toEqual(JSON.parse(text));
  });

  it.each([
    ['{"a":1,"a":1}', 'a'],
    ['{"x":{"seq":1,"kind":"k","seq":2}}', 'seq'],
    ['[{"ok":true},{"ok":true,"ok":false}]', 'ok'],
    // The same member spelled with an escape is the same member.
    ['{"subject":"1","\\u0073ubject":"2"}', 'subject'],
  ])('refuses %s, naming %s', (text, member) => {
    expect(() => parseJsonStrictly(text)).toThrow(new DuplicateMemberError(member));
  });

  it('refuses text that is not JSON as JSON.parse does', () => {
    expect(() => parseJsonStrictly('{"entries":[')).toThrow(SyntaxError);
    expect(() => parseJsonStrictly('<html>')).toThrow(SyntaxError);
  });
});
