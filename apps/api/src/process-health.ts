import type { Logger } from 'pino';

/**
 * Faults the process survived. A promise nobody handled (e.g. one a driver dropped when its
 * connection was killed) is logged and makes /readyz answer 503 for `recoveryMs`, so a load balancer
 * steers traffic elsewhere while this process keeps serving what is in flight instead of exiting
 * and taking every other request with it.
 */
export class ProcessHealth {
  #lastFaultAt = Number.NEGATIVE_INFINITY;
  #faults = 0;

  constructor(private readonly recoveryMs = 30_000) {}

  fault(): void {
    this.#faults++;
    this.#lastFaultAt = Date.now();
  }

  /** Unhandled rejections since start. */
  get faults(): number {
    return this.#faults;
  }

  /** Why the process should not take traffic now, or undefined. */
  notReadyReason(): string | undefined {
    const ago = Date.now() - this.#lastFaultAt;
    if (ago >= this.recoveryMs) return undefined;
    return `Recovering from an unhandled error ${Math.round(ago / 1000)} s ago (see the logs).`;
  }
}

/** Logs unhandled rejections and records them instead of letting Node exit the process. */
export function guardUnhandledRejections(health: ProcessHealth, logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    health.fault();
    logger.error({ err: reason }, 'unhandled rejection: process kept alive, not ready for a while');
  });
}
