import type { ServiceName } from '../security/support/security-platform';

/** The OpenAPI document each service serves at /docs-json, as a reader downloads it. */
export async function servedDocuments<T>(
  urls: Record<ServiceName, string>,
): Promise<Record<ServiceName, T>> {
  const documents = {} as Record<ServiceName, T>;
  for (const service of Object.keys(urls) as ServiceName[])
    documents[service] = (await (await fetch(`${urls[service]}/docs-json`)).json()) as T;
  return documents;
}
