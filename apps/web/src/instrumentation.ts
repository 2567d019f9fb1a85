/** Runs once when the server starts: validate the environment now rather than on first request. */
export async function register() {
  // biome-ignore lint/style/noProcessEnv: Next.js sets NEXT_RUNTIME per bundle; it is not configuration.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { env } = await import('./env');
    env();
  }
}
