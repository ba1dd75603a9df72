import type { AgentPreset } from '../presets.js';
import { MODEL_ERROR_KINDS, type StateRules } from './screen.js';

/** A preset's state patterns, compiled. */
export function compileRules(preset: AgentPreset | undefined): StateRules {
  const s = preset?.state;
  return {
    busy: (s?.busy ?? []).map((p) => new RegExp(p)),
    waiting: (s?.waiting ?? []).map((p) => new RegExp(p)),
    errors: MODEL_ERROR_KINDS.flatMap((kind) =>
      (s?.errors?.[kind] ?? []).map((p) => ({ kind, pattern: new RegExp(p) })),
    ),
    idle: (s?.idle ?? []).map((p) => new RegExp(p)),
    promptMarker: s?.prompt_marker,
    tailLines: s?.tail_lines ?? 8,
  };
}
