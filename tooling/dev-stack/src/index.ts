export { pnpmCommand } from './apps';
export { type Stack, type StackOptions, startStack } from './stack';
