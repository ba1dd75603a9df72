import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { replaceFileSync } from '../../core/disk-write.js';
import { OverseerError } from '../../core/errors.js';
import { sanitize } from '../../core/sanitize.js';
import { addComment, defaultAuthor } from '../../town/comments.js';
import { exportIssues, importIssues, type ImportResult } from '../../town/issue-transfer.js';
import type { CliContext } from '../context.js';

/** `issue import`, `issue export` and `issue comment`: interop with bd trackers. */
export function addBeadsCommands(issue: Command, ctx: CliContext): void {
  issue
    .command('import')
    .description('import a bd export (JSONL) into a rig: upsert by id, newest updated_at wins')
    .argument('<rig>', 'rig name')
    .argument('<file>', 'a bd export, or - for stdin')
    .option('--dry-run', 'print what would change and change nothing')
    .action(async (rig: string, file: string, o: { dryRun?: boolean }) => {
      const text = file === '-' ? await readStdin() : readInput(file);
      const source = file === '-' ? 'stdin' : file;
      const r = await importIssues(ctx.town(), rig, text, { source, dryRun: o.dryRun });
      ctx.print(r, () => describeImport(r));
    });
  issue
    .command('export')
    .description("write a rig's issues in bd's export format (bd import reads it)")
    .argument('<rig>', 'rig name')
    .argument('[file]', 'output file (default: stdout)')
    .action(async (rig: string, file: string | undefined) => {
      const text = terminalSafe(exportIssues(ctx.town(), rig));
      if (file === undefined || file === '-') {
        ctx.stdout.write(text);
        return;
      }
      replaceFileSync(file, text);
      const count = text === '' ? 0 : text.split('\n').length - 1;
      ctx.print({ rig, file, records: count }, () => `exported ${count} records of ${rig} to ${file}`);
    });
  issue
    .command('comment')
    .description('add a comment to an issue (beads shape)')
    .argument('<id>')
    .argument('<text...>', 'the comment')
    .option('--author <who>', 'author (default: the polecat running it, else "overseer")')
    .action(async (id: string, words: string[], o: { author?: string }) => {
      const r = await addComment(ctx.town(), id, words.join(' '), o.author ?? defaultAuthor());
      ctx.print(r.comment, () => `commented on ${id}`);
    });
}

function readInput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new OverseerError(
      'bad-import',
      `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code}`,
    );
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON with DEL, C1 controls and line separators escaped too: the same data, safe on a terminal. */
function terminalSafe(jsonl: string): string {
  return jsonl.replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function describeImport(r: ImportResult): string {
  const out: string[] = [];
  if (r.dry_run) {
    out.push(`dry run: importing ${r.source} into ${r.rig} would change:`);
    for (const c of r.changes) {
      if (c.action === 'create') out.push(`  create ${c.id}  ${sanitize(c.title)}`);
      else if (c.action === 'update') out.push(`  update ${c.id}  (${c.fields.join(', ')})`);
      else if (c.action === 'older') out.push(`  keep   ${c.id}  (ours is newer)`);
    }
    if (r.others > 0) out.push(`  add ${r.others} non-issue record(s)`);
  }
  out.push(
    `${r.dry_run ? 'would import' : 'imported'} ${r.source} into ${r.rig}: ${r.created.length} created, ` +
      `${r.updated.length} updated, ${r.unchanged} unchanged, ${r.older.length} older (kept ours)` +
      (r.others > 0 ? `, ${r.others} other record(s)` : ''),
  );
  if (r.learned.length > 0)
    out.push(`${r.dry_run ? 'would learn' : 'learned'} prefixes: ${r.learned.join(', ')}`);
  return out.join('\n');
}
