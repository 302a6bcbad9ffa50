import { formatPatch, type StructuredPatch } from 'diff';
import type { Insertion } from './apply.js';

const CONTEXT = 3;

/**
 * The unified diff of a text and its insertions. What changed is known line by line (a proposal
 * only adds markup), so the hunks are made here, in one pass, and the `diff` library writes them
 * out in the unified format: its own line diff takes minutes on a volume with thousands of
 * changed lines.
 */
export function unifiedDiff(file: string, text: string, insertions: readonly Insertion[]): string {
  if (insertions.length === 0) return '';
  const lines = text.split('\n');
  // A final newline ends the last line; it does not begin another.
  const count = text.endsWith('\n') ? lines.length - 1 : lines.length;
  const starts: number[] = [0];
  for (let i = 0; i < lines.length - 1; i++) starts.push(starts[i]! + lines[i]!.length + 1);
  // Each changed line and what it becomes (a line may become several).
  const changed = new Map<number, string[]>();
  let line = 0;
  const sorted = [...insertions].sort((a, b) => a.at - b.at);
  for (let i = 0; i < sorted.length;) {
    while (line + 1 < starts.length && starts[line + 1]! <= sorted[i]!.at) line++;
    let rewritten = '';
    let last = starts[line]!;
    const end = last + lines[line]!.length;
    // An insertion at the very end of a line belongs to it (before its newline).
    for (; i < sorted.length && sorted[i]!.at <= end; i++) {
      rewritten += text.slice(last, sorted[i]!.at) + sorted[i]!.text;
      last = sorted[i]!.at;
    }
    changed.set(line, (rewritten + text.slice(last, end)).split('\n'));
  }
  const hunks: StructuredPatch['hunks'] = [];
  const rows = [...changed.keys()];
  let added = 0;
  for (let r = 0; r < rows.length;) {
    // Lines only added after a line are added before the next: the context counts from there.
    const appended = changed.get(rows[r]!)![0] === lines[rows[r]!];
    const first = Math.max(0, rows[r]! + (appended ? 1 : 0) - CONTEXT);
    let lastRow = rows[r]!;
    const body: string[] = [];
    for (let l = first; l < rows[r]!; l++) body.push(` ${lines[l]}`);
    let newLines = 0;
    const oldStart = first;
    const newStart = first + added;
    for (; r < rows.length && rows[r]! - lastRow <= 2 * CONTEXT; r++) {
      for (let l = lastRow + 1; l < rows[r]!; l++) body.push(` ${lines[l]}`);
      const now = changed.get(rows[r]!)!;
      const unterminated = rows[r] === count - 1 && !text.endsWith('\n') ? ['\\ No newline at end of file'] : [];
      // A line that only gains lines after it (a respStmt, records) stays as context.
      if (now[0] === lines[rows[r]!] && unterminated.length === 0) body.push(` ${now[0]}`, ...now.slice(1).map((n) => `+${n}`));
      else body.push(`-${lines[rows[r]!]}`, ...unterminated, ...now.map((n) => `+${n}`), ...unterminated);
      added += now.length - 1;
      newLines += now.length - 1;
      lastRow = rows[r]!;
    }
    const stop = Math.min(count - 1, lastRow + CONTEXT);
    for (let l = lastRow + 1; l <= stop; l++) body.push(` ${lines[l]}`);
    if (stop > lastRow && stop === count - 1 && !text.endsWith('\n')) body.push('\\ No newline at end of file');
    const oldLines = stop - oldStart + 1;
    hunks.push({ oldStart: oldStart + 1, oldLines, newStart: newStart + 1, newLines: oldLines + newLines, lines: body });
  }
  return formatPatch({ oldFileName: file, newFileName: file, oldHeader: undefined, newHeader: '(tagged)', hunks });
}
