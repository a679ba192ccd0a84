/** Hash routes: '#/invoices/INV-1' → { page: 'invoices', rest: ['INV-1'], query }. */
export interface Route {
  page: string;
  rest: string[];
  query: URLSearchParams;
}

export function currentRoute(): Route {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, search = ''] = hash.split('?');
  const [page = '', ...rest] = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { page, rest, query: new URLSearchParams(search) };
}

export function go(path: string): void {
  location.hash = `#/${path}`;
}
