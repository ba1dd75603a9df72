/** The refinery: merge queue processing and direct landing (library API for the CLI, cockpit and daemon). */
export { type RefineryAction, type RefineryView, nextRefineryActions, processable } from './decide.js';
export {
  type LandOptions,
  type LandResult,
  type LandingPlan,
  type PlanStep,
  land,
  parseTarget,
  planLanding,
} from './land.js';
export { type PolecatNotifier, polecatSession, tmuxNotifier, townSocket } from './notifier.js';
export {
  type ProcessOptions,
  type ProcessResult,
  type QueueRun,
  processOne,
  processQueue,
  recoverInFlight,
} from './process.js';
export { type QueueRow, mergeQueueRows, rejectMergeRequest, retryMergeRequest } from './queue-ops.js';
export { readRefineryState } from './state.js';
