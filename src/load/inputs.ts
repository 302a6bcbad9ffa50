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
  const listed = await listInputs(input);
  const loaded = await loadListed(listed.items);
  return { sources: loaded.sources, diagnostics: [...listed.diagnostics, ...loaded.diagnostics], count: listed.items.length };
}

/** One input, not yet read: a file (with its size) or a text held in memory. */
export type ListedInput = { file: string; size: number } | InMemoryDocument;

/** What the inputs are, before any is read: a corpus can then be read a little at a time. Missing paths are findings. */
export async function listInputs(input: Input): Promise<{ items: ListedInput[]; diagnostics: Diagnostic[] }> {
  const given = (Array.isArray(input) ? input : [input]) as (string | InMemoryDocument)[];
  const diagnostics: Diagnostic[] = [];
  const files = await expand(given.filter((i): i is string => typeof i === 'string'), diagnostics);
  const sized = await Promise.all(files.map(async (file) => ({ file, size: await stat(file).then((s) => s.size, () => 0) })));
  return { items: [...sized, ...given.filter((i): i is InMemoryDocument => typeof i !== 'string')], diagnostics };
}

/** Read listed inputs and keep what is safe, well-formed TEI. */
export async function loadListed(items: readonly ListedInput[]): Promise<{ sources: Source[]; diagnostics: Diagnostic[] }> {
  const loaded = await Promise.all(items.map((item) => ('text' in item ? checkText({ file: item.file, text: item.text }) : loadFile(item.file))));
  const sources: Source[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const result of loaded) {
    diagnostics.push(...result.diagnostics);
    if (result.source) sources.push(result.source);
  }
  return { sources, diagnostics };
}

/** Characters of documents read at a time by validate and build (a larger document is read alone). */
export const WINDOW_CHARACTERS = 16 * 1024 * 1024;

/** Listed inputs in runs of about `characters` (one large file alone), in order: what a build holds in memory at once. */
export function* inWindows(items: readonly ListedInput[], characters: number): Generator<ListedInput[]> {
  let window: ListedInput[] = [];
  let size = 0;
  for (const item of items) {
    const length = 'text' in item ? item.text.length : item.size;
    if (window.length > 0 && size + length > characters) {
      yield window;
      window = [];
      size = 0;
    }
    window.push(item);
    size += length;
  }
  if (window.length) yield window;
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
