export { vsphereEntityCards } from './extensions';
