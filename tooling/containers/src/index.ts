export { buildApiTree } from './build-api';
export { buildWebTree } from './build-web';
