import type { AgentPreset } from '../presets.js';
import { MODEL_ERROR_KINDS, type StateRules } from './screen.js';

const compiled = new WeakMap<AgentPreset, StateRules>();
let noPreset: StateRules | undefined;

/**
 * A preset's state patterns, compiled: once per preset object (the agents
 * config is parsed again only when its file changes, so a refresh of 50
 * polecats every second compiles nothing). The patterns carry no flags, so
 * the shared RegExps keep no state between uses.
 */
export function compileRules(preset: AgentPreset | undefined): StateRules {
  if (!preset) return (noPreset ??= compile(undefined));
  let r = compiled.get(preset);
  if (!r) compiled.set(preset, (r = compile(preset)));
  return r;
}

function compile(preset: AgentPreset | undefined): StateRules {
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
