import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const shared = resolve(root, '..', 'shared');
export const seed = join(root, 'tei', 'frus1944v07-ch6.xml');
export const fixtures = join(root, 'test', 'fixtures');

/** Files under a folder whose names end with `extension`, as absolute paths, sorted. */
export function filesEndingWith(folder: string, extension: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(extension))
    .map((f) => join(folder, f))
    .sort();
}

export function xmlFiles(folder: string): string[] {
  return filesEndingWith(folder, '.xml');
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run the built CLI (dist/cli.js) as a user would, from the project folder. */
export function editio(...args: string[]): Run {
  const result = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), ...args], { cwd: root, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * What a fixture says editio must report: `<!-- expect: LINE:COL SEVERITY RULE ... -->`, or `nothing`.
 * A fixture in UTF-16 with a byte-order mark is decoded first. One whose bytes cannot carry that
 * comment (an empty file, UTF-16 without a byte-order mark) has the same lines in `NAME.expect`
 * beside it, where a line starting with `#` says what the fixture is.
 */
export function expectations(file: string): string[] {
  const sidecar = file.replace(/\.xml$/, '.expect');
  let block: string | undefined;
  if (existsSync(sidecar)) {
    block = readFileSync(sidecar, 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n');
  } else {
    const bytes = readFileSync(file);
    const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
    const text = utf16 ? new TextDecoder(utf16).decode(bytes) : bytes.toString('latin1');
    block = /<!-- expect:\n([\s\S]*?)\n-->/.exec(text)?.[1];
  }
  if (block === undefined) throw new Error(`${file} has no expect comment`);
  const lines = block.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.length === 1 && lines[0] === 'nothing' ? [] : lines.sort();
}

/** The live tags of an HTML page (script, frames, event handlers), but for editio's own script file. Attribute values and text are escaped, so they do not count. */
export function liveMarkup(html: string): string[] {
  const tags = html.match(/<[a-zA-Z](?:[^>"]|"[^"]*")*>/g) ?? [];
  return tags
    .filter((t) => !/^<script src="(\.\.\/)?assets\/editio\.js" defer>$/.test(t))
    .map((t) => t.replace(/="[^"]*"/g, '=""'))
    .filter((t) => /^<(script|iframe|object|embed)\b|\son[a-z]+=/i.test(t));
}
