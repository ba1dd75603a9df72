import type { AgentPreset } from '../presets.js';
import type { StateRules } from './derive.js';

/** A preset's state patterns, compiled. */
export function compileRules(preset: AgentPreset | undefined): StateRules {
  const s = preset?.state;
  return {
    busy: (s?.busy ?? []).map((p) => new RegExp(p)),
    waiting: (s?.waiting ?? []).map((p) => new RegExp(p)),
    promptMarker: s?.prompt_marker,
    tailLines: s?.tail_lines ?? 8,
  };
}
