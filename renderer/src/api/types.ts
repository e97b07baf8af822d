/**
 * The API contract's types, re-exported for the renderer. Type-only: nothing of core/ is
 * bundled (the contract file has no runtime code and no imports).
 */
export type * from '../../../core/app/contract-types.js';
