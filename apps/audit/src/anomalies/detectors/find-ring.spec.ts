import { canonicalRing, findRings, type NextEdges } from './find-ring';

function graph(edges: string): NextEdges {
  const pairs = edges.split(' ').map((e) => e.split('>') as [string, string]);
  return async (sellers) =>
    pairs.filter(([s]) => sellers.includes(s)).map(([seller, buyer]) => ({ seller, buyer }));
}

async function findRing(seller: string, buyer: string, next: NextEdges, maxLength: number) {
  return (await findRings([{ seller, buyer }], next, maxLength))[0];
}

describe(findRings.name, () => {
  it('finds the ring a new invoice closes', async () => {
    // existing A→B, B→C; the new invoice C→A closes A→B→C→A, read from C
    expect(await findRing('C', 'A', graph('A>B B>C'), 6)).toEqual(['C', 'A', 'B']);
  });

  it('ignores a pair invoicing each other', async () => {
    expect(await findRing('B', 'A', graph('A>B'), 6)).toBeUndefined();
  });

  it('finds a longer ring past a pair', async () => {
    expect(await findRing('D', 'A', graph('A>D A>B B>C C>D'), 6)).toEqual(['D', 'A', 'B', 'C']);
  });

  it('stops at the longest ring searched', async () => {
    const chain = 'A>B B>C C>D D>E';
    expect(await findRing('E', 'A', graph(chain), 4)).toBeUndefined();
    expect(await findRing('E', 'A', graph(chain), 5)).toHaveLength(5);
  });

  it('searches many pairs with one query per level, each finding its own ring', async () => {
    const asked: string[][] = [];
    const edges = graph('A>B B>C X>Y Y>Z');
    const next: NextEdges = (sellers) => {
      asked.push(sellers);
      return edges(sellers);
    };
    const pairs = [
      { seller: 'C', buyer: 'A' },
      { seller: 'Z', buyer: 'X' },
      { seller: 'B', buyer: 'A' },
    ];
    expect(await findRings(pairs, next, 6)).toEqual([['C', 'A', 'B'], ['Z', 'X', 'Y'], undefined]);
    expect(asked).toEqual([
      ['A', 'X'],
      ['B', 'Y'],
    ]);
  });

  it('names a ring the same from any company', () => {
    expect(canonicalRing(['C', 'A', 'B'])).toBe('A>B>C');
    expect(canonicalRing(['B', 'C', 'A'])).toBe('A>B>C');
  });
});
