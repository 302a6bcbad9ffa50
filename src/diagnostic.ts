/**
 * One finding about one place in one file. Checkers only create diagnostics,
 * reporters only print them (the vfile-message idea).
 */
export type Severity = 'error' | 'warning' | 'info';

/** Which stage found the problem. */
export type DiagnosticSource = 'io' | 'xml' | 'rng' | 'rules' | 'transform';

export interface Diagnostic {
  file: string;
  /** 1-based; 0 when the problem has no place inside the file (a missing file). */
  line: number;
  /** 1-based, in UTF-16 code units like most editors; 0 when line is 0. */
  column: number;
  severity: Severity;
  rule: string;
  source: DiagnosticSource;
  message: string;
  /** Path of the offending node, when a node is known: /TEI[1]/text[1]/body[1]/div[1]/@xml:id */
  xpath?: string;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: by file, then position, then severity, rule and message. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    severityRank[a.severity] - severityRank[b.severity] ||
    a.rule.localeCompare(b.rule) ||
    a.message.localeCompare(b.message)
  );
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
