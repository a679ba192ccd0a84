/** One step of the invoicing graph: the buyers these sellers invoiced. */
export type NextEdges = (sellers: string[]) => Promise<Array<{ seller: string; buyer: string }>>;

/**
 * A ring of at least three companies closed by the new invoice seller → buyer: the shortest
 * path buyer → … → seller of two or more steps, found breadth-first one level (one query) at a
 * time, up to `maxLength` companies. Returns the ring starting at the seller, or undefined.
 */
export async function findRing(
  seller: string,
  buyer: string,
  next: NextEdges,
  maxLength: number,
): Promise<string[] | undefined> {
  if (seller === buyer) return undefined;
  const parent = new Map<string, string>([[buyer, '']]);
  let frontier = [buyer];
  // depth = edges walked from the buyer; a ring of n companies needs n - 1 of them.
  for (let depth = 1; depth < maxLength && frontier.length > 0; depth += 1) {
    const reached: string[] = [];
    for (const edge of await next(frontier)) {
      // Straight back to the seller at depth 1 is a pair, not a ring: not followed.
      if (edge.buyer === seller && depth >= 2) return [seller, ...pathTo(edge.seller, parent)];
      if (edge.buyer === seller || parent.has(edge.buyer)) continue;
      parent.set(edge.buyer, edge.seller);
      reached.push(edge.buyer);
    }
    frontier = reached;
  }
  return undefined;
}

function pathTo(node: string, parent: Map<string, string>): string[] {
  const path: string[] = [];
  for (let at = node; at !== ''; at = parent.get(at) ?? '') path.unshift(at);
  return path;
}

/** The same ring whichever company it is read from: rotated to start at the smallest id. */
export function canonicalRing(ring: string[]): string {
  const start = ring.indexOf([...ring].sort()[0]);
  return [...ring.slice(start), ...ring.slice(0, start)].join('>');
}
