import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

let counter = 0;

/** The temporary files writeFileAtomic makes: `.{name}.{pid}.{n}.tmp`. */
const TEMPORARY = /^\..+\.\d+\.\d+\.tmp$/;

/**
 * Write a file so that a crash never leaves half of it: write a temporary file beside it,
 * then rename it into place. A file whose content would not change is left alone
 * (its modification time too), which keeps rebuilds cheap and byte-identical.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<'written' | 'unchanged'> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  try {
    if ((await readFile(path)).equals(bytes)) return 'unchanged';
  } catch {
    // not there yet
  }
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${++counter}.tmp`);
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  return 'written';
}

/** Remove temporary files a killed build left behind in a folder (its finished files are whole). */
export async function removeStaleTemporaries(folder: string): Promise<number> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true, recursive: true });
  } catch {
    return 0;
  }
  const stale = entries.filter((e) => e.isFile() && TEMPORARY.test(e.name));
  await Promise.all(stale.map((e) => unlink(join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).catch(() => undefined)));
  return stale.length;
}
