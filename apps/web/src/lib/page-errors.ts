/**
 * Why a page could not render, for the error page to say. A production build replaces a server
 * error's message with a hash, but keeps a digest the error already carries: these are those
 * digests (set by `pageData` in lib/api.ts).
 */
export const PAGE_ERROR_DIGEST = {
  rateLimited: 'api:rate-limited',
  unavailable: 'api:unavailable',
} as const;

const WORDING: Record<string, { title: string; description: string }> = {
  [PAGE_ERROR_DIGEST.rateLimited]: {
    title: 'You are going a bit fast',
    description: 'Too many requests in the last minute. Wait a minute, then try again.',
  },
  [PAGE_ERROR_DIGEST.unavailable]: {
    title: 'We are busy right now',
    description: 'The server could not load this page just now. Try again in a moment.',
  },
};

const BROKEN = {
  title: 'Something went wrong',
  description: 'We could not load this page. Check your connection and try again.',
};

/** The error page's heading and text for an error's digest. */
export function pageErrorWording(digest: string | undefined) {
  return (digest && Object.hasOwn(WORDING, digest) && WORDING[digest]) || BROKEN;
}
