export { buildApiTree } from './build-api';
