import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

let counter = 0;

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
