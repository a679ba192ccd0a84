/** An RFC 9457 problem document, as every Tax Chain error is answered. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Stable, dereference-free problem type identifiers. */
export function problemType(code: string): string {
  return `urn:taxchain:problem:${code}`;
}
