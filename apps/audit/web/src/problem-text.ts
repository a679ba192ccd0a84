import { ApiError } from './api';
import { t } from './i18n';

/**
 * What went wrong, in the official's language: the server words its problems in English, and a
 * failed fetch only says "TypeError: Failed to fetch". A problem with no wording of ours keeps
 * the server's detail, the only account of it there is.
 */
export function problemText(error: unknown): string {
  if (error instanceof TypeError) return t('problem.offline');
  if (!(error instanceof ApiError)) return String(error);
  if (error.status === 401) return t('problem.unauthorized');
  if (error.status === 403) return t('problem.forbidden');
  if (error.status === 429) return t('problem.rateLimited');
  if (error.status >= 500) return t('problem.server', { status: error.status });
  return error.detail || error.title;
}
