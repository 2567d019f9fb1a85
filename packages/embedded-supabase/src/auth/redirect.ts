import type { Context } from 'hono';
import type { AuthSettings } from '../config';

type RedirectRules = Pick<AuthSettings, 'siteUrl' | 'additionalRedirectUrls'>;

/**
 * GoTrue's IsRedirectURLValid: any URL on site_url's host, or one matching an
 * additional_redirect_urls pattern (globs with `.` and `/` as separators: `*` stays within a
 * segment, `**` crosses them, `?` is one character).
 */
export function isRedirectAllowed(rules: RedirectRules, url: string | undefined): boolean {
  if (!url) return false;
  const target = parseUrl(url);
  const site = parseUrl(rules.siteUrl);
  if (target && site && target.hostname === site.hostname) return true;
  return rules.additionalRedirectUrls.some((pattern) => globToRegExp(pattern).test(url));
}

/** Where an email link or redirect leads: redirect_to if allowed, else the Referer if allowed, else site_url. */
export function redirectTarget(
  rules: RedirectRules,
  redirectTo: string | undefined,
  referer: string | undefined,
): string {
  if (isRedirectAllowed(rules, redirectTo)) return redirectTo!;
  if (isRedirectAllowed(rules, referer)) return referer!;
  return rules.siteUrl;
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') source += '[^./]*';
    else if (char === '?') source += '[^./]';
    else source += char.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** The redirect a request asks for (`?redirect_to=`), checked as GoTrue's GetReferrer does. */
export function requestedRedirect(c: Context, rules: RedirectRules): string {
  return redirectTarget(rules, c.req.query('redirect_to'), c.req.header('referer'));
}
