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
