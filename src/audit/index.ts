// The public surface of the audit module: other modules import only from here (module-map.js).
export { auditActions } from './audit-actions.ts';
export { auditFilterQuerySchema, auditPageQuerySchema, auditPageSchema, auditVerificationSchema } from './audit-contract.ts';
export { auditFilterOf } from './audit-filter.ts';
export { findAuditProtection, findAuditRowsAfter, getAuditHead, setAuditAlgorithm } from './audit-repository.ts';
export { exportAuditEvents } from './export-audit-events.ts';
export { findAuditEvents } from './find-audit-events.ts';
export { presentAuditVerification } from './present-audit-verification.ts';
export { recordAuditEvent } from './record-audit-event.ts';
export { verifyAuditChain } from './verify-audit-chain.ts';
export { auditCheckpointToJson, auditKeyId, generateAuditSigningKeys, parseAuditCheckpoint, type AuditCheckpoint } from './audit-checkpoint.ts';
export { createAuditCheckpoint } from './create-audit-checkpoint.ts';
export type { CheckpointSource } from './verify-audit-chain.ts';
export { secureAuditChain } from './secure-audit-chain.ts';
