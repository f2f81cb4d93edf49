export { vsphereClusterPagePrefetch, vsphereEntityCards } from './extensions';
