// The public surface of the platform module: other modules import only from here (module-map.js).
export { actionCatalog, defaultPermissionTable } from './action-catalog.ts';
export { preparePlatform, type PlatformOptions } from './prepare-platform.ts';
export { abilitiesSchema, actionSchema, permissionRowsSchema, permissionTableSchema, sessionSchema, setPermissionBodySchema } from './platform-contract.ts';
export { jobHandlers, queueScreeningShards, screeningShardJob } from './job-handlers.ts';
export { reportGenerators } from './report-generators.ts';
export { assessmentRecordsSource } from './assessment-records.ts';
export { computeIndex, csvDataOf, exportIndexDocx, exportIndexXlsx, getIndexResult, getIndexSensitivity, getIndexUnitInputs, listIndexSpecs, type IndexSpecSource } from './innovation-index-service.ts';
export { readStoreIndexTable } from './innovation-index-inputs.ts';
