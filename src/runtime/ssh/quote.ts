/**
 * sshd hands the remote command to the user's shell as one string, so every
 * argument we send is POSIX single-quoted: the shell sees literal words and
 * never expands, splits or runs anything inside them.
 */
const PLAIN = /^[A-Za-z0-9_/.,:@%+-]+$/;

export function shQuote(word: string): string {
  return PLAIN.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function shJoin(argv: readonly string[]): string {
  return argv.map(shQuote).join(' ');
}
