// The public surface of the server module: other modules import only from here (module-map.js).
export { startPlatform } from './start-platform.ts';
