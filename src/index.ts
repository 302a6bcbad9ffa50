/** editio's library API: everything the CLI does, callable from code. */
export { validate, SchemaError, DEFAULT_SCHEMA } from './validate/index.js';
export type { ValidateInput, ValidateOptions, InMemoryDocument } from './validate/index.js';
export type { Diagnostic, Severity, DiagnosticSource } from './diagnostic.js';
export { hasErrors } from './diagnostic.js';
export { formatText, formatSummary } from './report/text.js';
export { formatJson } from './report/json.js';
