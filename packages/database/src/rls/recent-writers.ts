/**
 * Users who wrote recently, so their reads stay on the primary until replicas have caught up
 * (read-your-writes). In memory, per API process: with several API instances, route a user to the
 * same instance (session affinity) or keep the window above the replicas' usual lag.
 */
export class RecentWriters {
  readonly #lastWrite = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  wrote(user: string): void {
    const now = Date.now();
    this.#lastWrite.set(user, now);
    if (this.#lastWrite.size > 10_000) this.#forgetBefore(now - this.windowMs);
  }

  recent(user: string): boolean {
    const at = this.#lastWrite.get(user);
    return at !== undefined && Date.now() - at < this.windowMs;
  }

  #forgetBefore(cutoff: number): void {
    for (const [user, at] of this.#lastWrite) if (at < cutoff) this.#lastWrite.delete(user);
  }
}
