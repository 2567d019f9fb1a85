/** Go's url.QueryEscape: unreserved characters kept, spaces as `+`, the rest percent-encoded. */
export function goQueryEscape(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** Go's url.Values.Encode: keys sorted, each pair query-escaped. */
export function goEncodeValues(values: Record<string, string>): string {
  return Object.keys(values)
    .sort()
    .map((key) => `${goQueryEscape(key)}=${goQueryEscape(values[key]!)}`)
    .join('&');
}

/** Sets query parameters on a URL, re-encoding its whole query the way Go does (sorted). */
export function withQuery(url: string, values: Record<string, string>): string {
  const parsed = new URL(url);
  const merged = Object.fromEntries(parsed.searchParams);
  parsed.search = goEncodeValues({ ...merged, ...values });
  return parsed.toString();
}
