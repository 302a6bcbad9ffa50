import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { checkText, loadFile, type Source } from './source.js';

/** What editio reads: paths of files or folders (searched for *.xml), or texts held in memory. */
export type Input = string | InMemoryDocument | ReadonlyArray<string | InMemoryDocument>;

export interface InMemoryDocument {
  /** The name findings are reported under. */
  file: string;
  text: string;
}

export interface LoadedInputs {
  /** Documents that are safe to read and well-formed TEI, in a stable order. */
  sources: Source[];
  /** Why the others were refused (and missing paths). */
  diagnostics: Diagnostic[];
  /** How many documents were read, refused ones included. */
  count: number;
}

/** The load stage: read every input and keep what is safe, well-formed TEI. */
export async function loadInputs(input: Input): Promise<LoadedInputs> {
  const items = (Array.isArray(input) ? input : [input]) as (string | InMemoryDocument)[];
  const diagnostics: Diagnostic[] = [];
  const files = await expand(items.filter((i): i is string => typeof i === 'string'), diagnostics);
  const loaded = await Promise.all([
    ...files.map((f) => loadFile(f)),
    ...items.filter((i): i is InMemoryDocument => typeof i !== 'string').map((d) => checkText({ file: d.file, text: d.text })),
  ]);
  const sources: Source[] = [];
  for (const result of loaded) {
    diagnostics.push(...result.diagnostics);
    if (result.source) sources.push(result.source);
  }
  return { sources, diagnostics, count: loaded.length };
}

/** Files as given, folders searched recursively for *.xml (sorted, for stable output). */
async function expand(paths: string[], diagnostics: Diagnostic[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      diagnostics.push({ file: path, line: 0, column: 0, severity: 'error', rule: 'io-read', source: 'io', message: 'no such file or folder' });
      continue;
    }
    if (info.isDirectory()) files.push(...(await xmlFilesUnder(path)));
    else files.push(path);
  }
  return [...new Set(files)];
}

async function xmlFilesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.xml'))
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
}
