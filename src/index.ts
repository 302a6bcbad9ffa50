/** editio's library API: everything the CLI does, callable from code. */
export { validate, SchemaError, ResourceError, DEFAULT_SCHEMA } from './validate/index.js';
export type { ValidateOptions } from './validate/index.js';
export type { Input, InMemoryDocument } from './load/inputs.js';
export type { Diagnostic, Severity, DiagnosticSource } from './diagnostic.js';
export { hasErrors } from './diagnostic.js';
export { formatText, formatSummary } from './report/text.js';
export { formatJson } from './report/json.js';
export { render, RenderError } from './render.js';
export type { RenderOptions } from './render.js';
export { build } from './build.js';
export type { BuildOptions, BuildReport } from './build.js';
export { serve } from './serve.js';
export type { ServeOptions, Preview } from './serve.js';
export type { Target } from './transform/index.js';
export { cite, formatCitation, CITATION_FORMATS, UnitNotFoundError } from './cite/index.js';
export type { CitationFormat, CitationEntry, CiteOptions } from './cite/index.js';
export type { CslItem, Citations, UnitCitation } from './cite/items.js';
