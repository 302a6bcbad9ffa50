import type { Diagnostic } from '../diagnostic.js';

/** The machine form: an array of {file, line, column, severity, rule, message, xpath}. */
export function formatJson(diagnostics: readonly Diagnostic[]): string {
  const rows = diagnostics.map(({ file, line, column, severity, rule, source, message, xpath }) => ({
    file, line, column, severity, rule, source, message, xpath: xpath ?? null,
  }));
  return JSON.stringify(rows, null, 2) + '\n';
}
