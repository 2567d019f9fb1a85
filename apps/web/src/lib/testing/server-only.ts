// Stands in for the `server-only` marker package in unit tests (vitest.config.ts).
export {};
