import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';
import { STATIC_SECURITY_HEADERS } from './src/lib/security-headers';

const nextConfig: NextConfig = {
  // The container runs Next's standalone server (server.js plus only the files it traces);
  // tracing starts at the monorepo root so workspace packages are included.
  output: 'standalone',
  outputFileTracingRoot: fileURLToPath(new URL('../..', import.meta.url)),
  // @repo/api ships TypeScript source (its typed client); Next compiles it like app code.
  transpilePackages: ['@repo/api', '@repo/database'],
  // Public settings are read at run time on the server, so nothing here depends on the environment
  // and one build serves every deployment (see src/env.ts).
  poweredByHeader: false,
  // `pnpm dev` serves on 127.0.0.1 (the cookie name and Supabase URLs use it); let its dev
  // resources (HMR socket, chunks) load from there.
  allowedDevOrigins: ['127.0.0.1', 'localhost'],
  reactStrictMode: true,
  // Every response, static files included; pages also get their CSP (with a nonce) in src/proxy.ts.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })),
      },
    ];
  },
};

export default nextConfig;
