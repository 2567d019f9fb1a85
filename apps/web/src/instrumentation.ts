/** Runs once when the server starts: validate the environment now rather than on first request. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { env } = await import('./env');
    env();
  }
}
