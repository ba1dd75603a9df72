export function cacheDir(env?: NodeJS.ProcessEnv): string;
export function cliDir(name: string, env?: NodeJS.ProcessEnv): string;
export function cliBin(name: string, env?: NodeJS.ProcessEnv): string;
export function installAgentClis(log?: (line: string) => void): Record<string, string>;
