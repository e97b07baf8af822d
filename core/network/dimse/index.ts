/** DIMSE layer (PS3.7): command sets, messages, fragmentation, reassembly, message IDs, statuses. */
export * from './command-dictionary.js';
export * from './command-set.js';
export * from './messages.js';
export * from './fragmenter.js';
export * from './reassembler.js';
export * from './message-ids.js';
export * from './status.js';
