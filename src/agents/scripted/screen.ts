/**
 * The scripted agent's terminal: log lines above one live status line
 * ("⠋ Working… (esc to interrupt)"), and a menu drawn below the log that
 * can be redrawn and erased, as agent TUIs do.
 */

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
export const DIM = '\x1b[2m';
export const BOLD = '\x1b[1m';
export const CYAN = '\x1b[36m';
export const GREEN = '\x1b[32m';
export const RED = '\x1b[31m';
export const YELLOW = '\x1b[33m';
export const RESET = '\x1b[0m';

let status: string | undefined;
let frame = 0;
let spinning: NodeJS.Timeout | undefined;

const write = (s: string) => process.stdout.write(s);

function drawStatus(): void {
  if (status !== undefined)
    write(
      `\r\x1b[2K${CYAN}${SPINNER[frame % SPINNER.length]} ${status}…${RESET} ${DIM}(esc to interrupt)${RESET}`,
    );
}
function clearStatus(): void {
  if (status !== undefined) write('\r\x1b[2K');
}

export function log(text: string, colour = ''): void {
  clearStatus();
  write(`${colour}${text}${colour ? RESET : ''}\n`);
  drawStatus();
}

export function setStatus(text: string | undefined, animate = true): void {
  clearStatus();
  status = text;
  if (spinning) clearInterval(spinning);
  spinning = undefined;
  if (text !== undefined && animate) {
    spinning = setInterval(() => {
      frame++;
      drawStatus();
    }, 120);
  }
  drawStatus();
}

/** Echo typed input where the cursor is. */
export function echo(text: string): void {
  write(text);
}

export function showPrompt(): void {
  setStatus(undefined);
  write(`\n${BOLD}❯${RESET} `);
}

/** Draw a menu (question, then options with the selected one marked); returns its height. */
export function drawMenu(question: string, options: string[], selected: number): number {
  write(`${BOLD}${question}${RESET}\n`);
  options.forEach((o, i) =>
    write(i === selected ? `${CYAN}❯ ${i + 1}. ${o}${RESET}\n` : `  ${i + 1}. ${o}\n`),
  );
  return options.length + 1;
}

/** Erase the last `lines` lines drawn (the cursor is at the start of the line below them). */
export function eraseLines(lines: number): void {
  write(`\x1b[${lines}A\r\x1b[J`);
}
