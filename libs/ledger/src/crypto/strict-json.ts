/** A JSON text that parses but names one member of an object twice. */
export class DuplicateMemberError extends SyntaxError {
  constructor(readonly member: string) {
    super(`the member "${member}" appears twice in one object`);
  }
}

/**
 * JSON.parse, refusing an object that names a member twice: JSON.parse keeps the last one, while
 * another reader may keep the first, so such a text says two things and proves neither. Throws a
 * SyntaxError (a DuplicateMemberError for a repeated member).
 */
export function parseJsonStrictly(text: string): unknown {
  const value: unknown = JSON.parse(text);
  // Only well-formed JSON gets here, so a scan of its brackets, commas and strings is exact.
  const scopes: Array<Set<string> | null> = [];
  let keyNext = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      const scope = scopes.at(-1);
      if (keyNext && scope) {
        const member = JSON.parse(text.slice(i, end + 1)) as string;
        if (scope.has(member)) throw new DuplicateMemberError(member);
        scope.add(member);
      }
      keyNext = false;
      i = end;
    } else if (c === '{' || c === '[') {
      scopes.push(c === '{' ? new Set() : null);
      keyNext = c === '{';
    } else if (c === '}' || c === ']') scopes.pop();
    else if (c === ',') keyNext = scopes.at(-1) instanceof Set;
  }
  return value;
}

/** The index of the quote closing the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i;
}
