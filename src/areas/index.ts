// The public surface of the areas module: other modules import only from here (module-map.js).
export { countAreas, findAreaTree, findAreas, findZones, syncAreas } from './area-repository.ts';
export { AreaTree } from './area-tree.ts';
export { areaDetailSchema, areaListSchema } from './areas-contract.ts';
export { areaEdition, loadBundledAreas, loadBundledZones } from './load-areas.ts';
export { presentArea, presentZone } from './present-area.ts';
