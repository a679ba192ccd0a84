import { session } from './session';

/** An RFC 9457 problem from the API, shown to the official as its detail. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail || title);
  }
}

/** Calls the audit API with the official's token; throws an ApiError on a problem. */
export async function api<T>(
  path: string,
  init: RequestInit = {},
  token = session.token(),
): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  if (token) headers.set('Authorization', `Bearer ${token}`);
  const response = await fetch(path, { ...init, headers });
  const text = await response.text();
  const body: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem = (body ?? {}) as { title?: string; detail?: string };
    throw new ApiError(response.status, problem.title ?? response.statusText, problem.detail ?? '');
  }
  return body as T;
}

export const post = <T>(path: string): Promise<T> => api<T>(path, { method: 'POST' });

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text };
  }
}
