import type { Diagnostic } from '../diagnostic.js';

/** One line per finding, `file:line:column  severity  rule  message`, as editors and CI logs expect. */
export function formatText(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map(formatLine).join('');
}

export function formatLine(d: Diagnostic): string {
  const place = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  return `${place}  ${d.severity}  ${d.rule}  ${d.message}\n`;
}

/** The closing line: counts of errors and warnings over how many documents. */
export function formatSummary(diagnostics: readonly Diagnostic[], documents: number): string {
  const count = (severity: Diagnostic['severity']) => diagnostics.filter((d) => d.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  const withErrors = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.file)).size;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (errors === 0 && warnings === 0) return `${plural(documents, 'document')} valid, no findings\n`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(documents, 'document')} (${withErrors} with errors)\n`;
}
