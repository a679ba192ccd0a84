import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/** Why a webhook URL or the address it resolved to is refused; undefined when it may be called. */
export type AddressVerdict = string | undefined;

/**
 * Only public unicast addresses may be called. Loopback only when the deployment allows it
 * (tests, demos); private, link-local, unique-local, CGNAT, multicast and reserved never.
 */
export function refusedAddress(address: string, allowLoopback: boolean): AddressVerdict {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  const range = ipaddr.process(address).range();
  if (range === 'unicast') return undefined;
  if (range === 'loopback' && allowLoopback) return undefined;
  return `${address} is a ${range} address`;
}

/** The URL's host without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Checks every address the URL's host resolves to now. Delivery checks again on each connection
 * (webhook-sender), since DNS can answer differently later.
 */
export async function refusedUrl(url: URL, allowLoopback: boolean): Promise<AddressVerdict> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return `${url.protocol} is not http or https`;
  if (url.username || url.password) return 'credentials in the URL are not allowed';
  const host = hostOf(url);
  const addresses = ipaddr.isValid(host)
    ? [host]
    : await lookup(host, { all: true }).then(
        (found) => found.map((a) => a.address),
        () => [],
      );
  if (addresses.length === 0) return `${host} does not resolve`;
  for (const address of addresses) {
    const refused = refusedAddress(address, allowLoopback);
    if (refused) return `${host}: ${refused}`;
  }
  // Plain http only to this machine, where nothing travels a network.
  if (url.protocol === 'http:' && !addresses.every((a) => ipaddr.process(a).range() === 'loopback'))
    return 'only https URLs are accepted';
  return undefined;
}
