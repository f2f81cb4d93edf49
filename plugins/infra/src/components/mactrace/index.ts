export { MacTracePage } from './MacTracePage';
