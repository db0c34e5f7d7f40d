/** Composite innovation indices (issue 15): the public surface of the module. */
export type * from './index-model.ts';
