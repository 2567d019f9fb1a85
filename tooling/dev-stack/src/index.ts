export { LIFTED_RATE_LIMITS } from '@repo/embedded-supabase';
export { pnpmCommand } from './apps';
export { type Stack, type StackOptions, startStack } from './stack';
