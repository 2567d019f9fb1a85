import 'server-only';
import { type PageProps, searchParam } from './page-props';
import { siteOrigins } from './request-origin';
import { safeNextPath } from './safe-next';

/** The validated `next` of a page's search params. */
export async function nextParam(searchParams: PageProps['searchParams']): Promise<string> {
  return safeNextPath(searchParam(await searchParams, 'next'), await siteOrigins());
}
