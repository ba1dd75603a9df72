import stripAnsi from 'strip-ansi';

// Placeholder until the runtime branch lands its full version (same API).
export function sanitize(text: string): string {
  return stripAnsi(text)
    .replace(/\r\n/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
}

export function sanitizeLine(text: string, maxLen?: number): string {
  const s = sanitize(text).replace(/[\n\t]+/g, ' ');
  return maxLen !== undefined && s.length > maxLen ? s.slice(0, Math.max(0, maxLen - 1)) + '…' : s;
}
