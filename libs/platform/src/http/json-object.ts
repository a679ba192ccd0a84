/**
 * Part of the body parser's `verify` hook: a body that is valid JSON but only a string, number,
 * boolean or null is refused as what it is, a body that is no object, where the strict parser
 * would call it malformed JSON ("Unexpected token"). Only such a body is parsed here.
 */
export function refuseJsonPrimitive(body: Buffer): void {
  const text = body.toString('utf8');
  const first = text.trimStart()[0];
  if (first === undefined || first === '{' || first === '[') return;
  try {
    JSON.parse(text);
  } catch {
    return; // malformed after all: the parser says so
  }
  throw Object.assign(new Error('the body must be a JSON object'), {
    status: 400,
    expose: true,
    type: 'entity.not.object',
  });
}
