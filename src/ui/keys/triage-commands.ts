/** The attention pane and the detail view of one of its items: where triage keys work. */
export const TRIAGE = ['attention', 'triage'] as const;

/**
 * The keymap rows of the triage actions (each attention kind's fitting actions)
 * and of the emergency stop and resume; part of THE keymap table in commands.ts
 * (checked there against CommandDef).
 */
export const TRIAGE_COMMANDS = {
  'triage.restart': {
    keys: ['R'],
    hint: 'restart',
    description: 'Restart its session in the kept worktree (stuck: restart; dead: respawn)',
    contexts: TRIAGE,
  },
  'triage.remove': {
    keys: ['D'],
    hint: 'remove',
    description: 'Remove the dead polecat if nothing would be lost (dead)',
    contexts: TRIAGE,
  },
  'triage.issue': {
    keys: ['i'],
    hint: 'issue',
    description: 'Open the issue: the resolve issue of a conflict, the source issue of failed tests',
    contexts: TRIAGE,
  },
  'triage.spawn': {
    keys: ['s'],
    hint: 'spawn on it',
    description: 'Spawn a polecat on the resolve issue (conflict)',
    contexts: TRIAGE,
  },
  'triage.retry': {
    keys: ['r'],
    hint: 'retry',
    description: 'Put the merge request back in the queue (conflict, failed)',
    contexts: TRIAGE,
  },
  'triage.output': {
    keys: ['t'],
    hint: 'output',
    description: 'Show the test output (failed)',
    contexts: TRIAGE,
  },
  'triage.feedback': {
    keys: ['f'],
    hint: 'respawn w/ feedback',
    description: 'Respawn the worker with the test failure as feedback (failed)',
    contexts: TRIAGE,
  },
  'triage.reject': {
    keys: ['ctrl+x'],
    hint: 'reject',
    description: 'Reject the merge request, saying why (conflict, failed)',
    contexts: TRIAGE,
  },
  'triage.reply': {
    keys: ['e'],
    hint: 'reply',
    description: 'Reply to the escalation by mail (escalation)',
    contexts: TRIAGE,
  },
  'triage.reassign': {
    keys: ['p'],
    hint: 'reassign',
    description: 'Reassign the issue to another preset or tier (escalation)',
    contexts: TRIAGE,
  },
  'town.stopAll': {
    keys: ['S'],
    hint: 'stop all',
    description: 'Emergency stop: end every polecat session and pause dispatch (asks first)',
    contexts: ['global'],
  },
  'town.resume': {
    keys: ['U'],
    hint: 'resume',
    description: 'Resume dispatch after an emergency stop (asks first)',
    contexts: ['global'],
  },
} as const;
