/** The schema failed to compile: a usage problem, not a finding about a document. */
export class SchemaError extends Error {}

/**
 * An engine ran out of a resource (memory, a size limit) while compiling the schema or
 * checking documents against it: not a finding about any document, and not the schema's fault.
 */
export class ResourceError extends Error {}
