export * from './common.js';
export * from './town.js';
export * from './rig.js';
export * from './bead.js';
export * from './polecat.js';
export * from './attempt.js';
export * from './event.js';
export * from './oracle.js';
