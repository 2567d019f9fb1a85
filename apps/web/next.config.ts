import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // @repo/api ships TypeScript source (its typed client); Next compiles it like app code.
  transpilePackages: ['@repo/api'],
  // Public settings are read at run time on the server, so nothing here depends on the environment
  // and one build serves every deployment (see src/env.ts).
  poweredByHeader: false,
  // `pnpm dev` serves on 127.0.0.1 (the cookie name and Supabase URLs use it); let its dev
  // resources (HMR socket, chunks) load from there.
  allowedDevOrigins: ['127.0.0.1', 'localhost'],
  reactStrictMode: true,
};

export default nextConfig;
