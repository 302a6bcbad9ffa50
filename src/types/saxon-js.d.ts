// saxon-js ships no types and is CommonJS: declare just what editio uses.
declare module 'saxon-js' {
  interface TransformOptions {
    stylesheetInternal?: unknown;
    stylesheetFileName?: string;
    sourceNode?: unknown;
    sourceText?: string;
    destination?: 'serialized' | 'raw' | 'document' | 'application' | 'file' | 'stdout';
    stylesheetParams?: Record<string, unknown>;
    initialTemplate?: string;
    initialMode?: string;
    templateParams?: Record<string, unknown>;
    deliverMessage?: (message: unknown, errorCode: string) => void;
    deliverResultDocument?: (uri: string) => unknown;
    outputProperties?: Record<string, unknown>;
  }
  interface TransformResult {
    principalResult: unknown;
    resultDocuments?: Record<string, unknown>;
  }
  const SaxonJS: {
    transform(options: TransformOptions, mode: 'sync'): TransformResult;
    transform(options: TransformOptions, mode?: 'async'): Promise<TransformResult>;
    getResource(options: { text?: string; file?: string; type: 'xml' | 'json' | 'text'; encoding?: string }): Promise<unknown>;
    XPath: { evaluate(xpath: string, context?: unknown, options?: Record<string, unknown>): unknown };
    serialize(node: unknown, options?: Record<string, unknown>): string;
    getLogLevel(): number;
    setLogLevel(level: number): void;
  };
  export default SaxonJS;
}
