// The public surface of the jobs module: other modules import only from here (module-map.js).
export { jobDefaults, type Job, type JobHandler, type JobHandlers, type JobQueue, type JsonObject, type JsonValue, type SendOptions, type WorkOptions } from './job-queue.ts';
export { InProcessJobQueue, type InProcessJobQueueOptions } from './in-process-job-queue.ts';
export { PgBossJobQueue, type PgBossJobQueueOptions } from './pg-boss-job-queue.ts';
export { createJobQueue, type JobQueueConfig } from './create-job-queue.ts';
export { startJobWorker, type JobEvent, type JobWorkerOptions } from './start-job-worker.ts';
