/** One step of the invoicing graph: the buyers these sellers invoiced. */
export type NextEdges = (sellers: string[]) => Promise<Array<{ seller: string; buyer: string }>>;

/** A new invoice's seller and buyer. */
export interface Pair {
  seller: string;
  buyer: string;
}

interface Search {
  seller: string;
  parent: Map<string, string>;
  frontier: string[];
  ring?: string[];
}

/**
 * For each pair, the ring of at least three companies closed by a new invoice seller → buyer:
 * the shortest path buyer → … → seller of two or more steps, up to `maxLength` companies, found
 * breadth-first one level at a time, with one query per level for every pair at once. Returns,
 * in the pairs' order, each ring starting at its seller, or undefined.
 */
export async function findRings(
  pairs: Pair[],
  next: NextEdges,
  maxLength: number,
): Promise<Array<string[] | undefined>> {
  const searches: Search[] = pairs.map(({ seller, buyer }) => ({
    seller,
    parent: new Map([[buyer, '']]),
    frontier: seller === buyer ? [] : [buyer],
  }));
  // depth = edges walked from the buyer; a ring of n companies needs n - 1 of them.
  for (let depth = 1; depth < maxLength; depth += 1) {
    const open = searches.filter((s) => !s.ring && s.frontier.length > 0);
    if (open.length === 0) break;
    const bySeller = new Map<string, Array<{ seller: string; buyer: string }>>();
    for (const edge of await next([...new Set(open.flatMap((s) => s.frontier))]))
      bySeller.set(edge.seller, [...(bySeller.get(edge.seller) ?? []), edge]);
    for (const search of open)
      step(
        search,
        depth,
        search.frontier.flatMap((from) => bySeller.get(from) ?? []),
      );
  }
  return searches.map((s) => s.ring);
}

function step(
  search: Search,
  depth: number,
  edges: Array<{ seller: string; buyer: string }>,
): void {
  const { seller, parent } = search;
  const reached: string[] = [];
  for (const edge of edges) {
    // Straight back to the seller at depth 1 is a pair, not a ring: not followed.
    if (edge.buyer === seller && depth >= 2) {
      search.ring = [seller, ...pathTo(edge.seller, parent)];
      return;
    }
    if (edge.buyer === seller || parent.has(edge.buyer)) continue;
    parent.set(edge.buyer, edge.seller);
    reached.push(edge.buyer);
  }
  search.frontier = reached;
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
