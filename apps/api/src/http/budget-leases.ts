import type { RateLimitStore } from '@repo/database';

interface Decision {
  allowed: boolean;
  /** Seconds until the window ends when refused (the Retry-After), 0 when allowed. */
  retryAfterS: number;
}

interface Lease {
  /** Local time by which the window has certainly not ended yet (the lease is dropped then). */
  endsAt: number;
  /** Hits granted by PostgreSQL and not yet spent by this process. */
  left: number;
  /** PostgreSQL granted less than asked: the window's budget is spent, refuse until it ends. */
  spent: boolean;
  /** The next block to ask for: doubles while the user keeps spending, up to `maxBlock`. */
  nextBlock: number;
  /** The take() under way; concurrent requests of the user wait for it instead of asking too. */
  pending?: Promise<void>;
}

/**
 * A per-user budget counted in PostgreSQL (shared by every replica) without a statement per
 * request: each process takes blocks of hits from the shared counter (one statement per block)
 * and spends them in memory. The counter grants at most `maxHits` per window across all blocks,
 * so no replica mix ever serves more than the limit; what a process holds unspent when the window
 * ends is lost, so a user spread over several replicas may be refused up to (replicas − 1) ×
 * `maxBlock` hits early. Blocks start at 1 and double while the user keeps spending (decision 031).
 */
export class BudgetLeases {
  private readonly leases = new Map<string, Lease>();
  private readonly maxBlock: number;
  private nextSweep = 0;

  constructor(
    private readonly store: RateLimitStore,
    private readonly maxHits: number,
    private readonly windowSeconds: number,
    options: { maxBlock?: number; now?: () => number } = {},
  ) {
    this.maxBlock = Math.max(1, options.maxBlock ?? Math.floor(maxHits / 20));
    this.now = options.now ?? Date.now;
  }

  private readonly now: () => number;

  /** Spends one hit of `bucket`'s budget in the current window. */
  async hit(bucket: string): Promise<Decision> {
    for (;;) {
      const now = this.now();
      this.sweep(now);
      let lease = this.leases.get(bucket);
      if (lease?.pending) {
        await lease.pending;
        continue;
      }
      if (lease && now < lease.endsAt) {
        if (lease.left > 0) {
          lease.left--;
          return { allowed: true, retryAfterS: 0 };
        }
        if (lease.spent) {
          return {
            allowed: false,
            retryAfterS: Math.max(1, Math.ceil((lease.endsAt - now) / 1000)),
          };
        }
      } else if (lease) {
        // A new window: what is left of the old one was counted there and cannot be spent here.
        lease.left = 0;
        lease.spent = false;
        lease.nextBlock = Math.max(1, lease.nextBlock >> 1);
      } else {
        lease = { endsAt: 0, left: 0, spent: false, nextBlock: 1 };
        this.leases.set(bucket, lease);
      }
      await this.refill(bucket, lease, now);
    }
  }

  private refill(bucket: string, lease: Lease, sentAt: number): Promise<void> {
    const block = Math.min(lease.nextBlock, this.maxBlock);
    lease.pending = this.store
      .take(bucket, block, this.maxHits, this.windowSeconds)
      .then(({ granted, windowLeftS }) => {
        // PostgreSQL read its clock after sentAt: counting from sentAt ends the lease early, never late.
        lease.endsAt = sentAt + windowLeftS * 1000;
        lease.left = granted;
        lease.spent = granted < block;
        lease.nextBlock = Math.min(block * 2, this.maxBlock);
      })
      .finally(() => {
        lease.pending = undefined;
      });
    return lease.pending;
  }

  /** Forgets leases of ended windows, at most once a window: memory stays bounded by active users. */
  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + this.windowSeconds * 1000;
    for (const [bucket, lease] of this.leases) {
      if (!lease.pending && lease.endsAt <= now) this.leases.delete(bucket);
    }
  }
}
