/** What every Server Action returns: data, or a message a person can act on. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; error: string; code?: string };

export const done: ActionResult = { ok: true, data: undefined };

/** When the Server Action itself could not be reached (offline, server restarting). */
export const unreachable: ActionResult<never> = {
  ok: false,
  code: 'network',
  error: "Can't reach the server right now. Check your connection and try again.",
};

/** Raised on `window` when a Server Action could not be reached; the connection banner listens. */
export const SERVER_UNREACHABLE_EVENT = 'app:server-unreachable';

/**
 * Calls a Server Action from the browser: its result, or `unreachable` when the request itself
 * failed (offline, server down or restarting), which also tells the connection banner to check.
 */
export async function callAction<T>(
  action: () => Promise<ActionResult<T>>,
): Promise<ActionResult<T>> {
  try {
    return await action();
  } catch {
    window.dispatchEvent(new Event(SERVER_UNREACHABLE_EVENT));
    return unreachable;
  }
}
