import type { TokenVerifier, VerifiedUser } from './token-verifier';

interface Entry {
  user: VerifiedUser;
  /** When the entry stops being served: the token's `exp`, or `maxAgeMs` after verifying. */
  until: number;
}

export interface VerifiedTokenCacheOptions {
  /** Entries kept; the least recently used goes first. About 1 KiB each (the token is the key). */
  maxEntries?: number;
  /**
   * Longest an entry is served, whatever its `exp`: no longer than the verifier caches the
   * project's signing keys (10 minutes), so a key removed from the JWKS stops being trusted here
   * as soon as there.
   */
  maxAgeMs?: number;
  now?: () => number;
}

/**
 * Remembers tokens `verify` accepted, until their `exp`, so a user's requests pay for one
 * signature check per token instead of one each. The key is the whole token (header, payload and
 * signature): a token that differs in any byte is verified afresh, and refused tokens are never
 * remembered. Bounded (LRU), and the cached users are frozen since every request shares them.
 */
export function cachingTokenVerifier(
  verify: TokenVerifier,
  options: VerifiedTokenCacheOptions = {},
): TokenVerifier {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxAgeMs = options.maxAgeMs ?? 600_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const verifying = new Map<string, Promise<VerifiedUser>>();

  return async (token) => {
    const entry = entries.get(token);
    if (entry) {
      entries.delete(token);
      if (now() < entry.until) {
        entries.set(token, entry); // most recently used last
        return entry.user;
      }
    }
    // Concurrent requests with one new token share its verification.
    let pending = verifying.get(token);
    if (!pending) {
      pending = verify(token).finally(() => verifying.delete(token));
      verifying.set(token, pending);
    }
    const user = await pending;
    const exp = typeof user.claims.exp === 'number' ? user.claims.exp * 1000 : 0;
    const until = Math.min(exp, now() + maxAgeMs);
    if (until > now() && !entries.has(token)) {
      Object.freeze(user.claims);
      entries.set(token, { user: Object.freeze(user), until });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    }
    return user;
  };
}
