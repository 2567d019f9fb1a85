/** What a page receives from the App Router (params and search params are promises since Next 15). */
export interface PageProps<Params extends Record<string, string> = Record<string, never>> {
  params: Promise<Params>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** One search param as a string (the first when repeated). */
export function searchParam(
  params: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}
