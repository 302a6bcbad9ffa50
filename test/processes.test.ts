/**
 * Worker processes (src/corpus/processes.ts), as the build's documents and validate's rule checks
 * use them: answers matched to their tasks, this process taking its share, a worker that dies.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessPool } from '../src/corpus/processes.js';
import { root } from './helpers.js';

// A worker that doubles numbers after a pause of that many milliseconds, says where it ran, and dies on a negative number.
const folder = mkdtempSync(join(tmpdir(), 'editio-pool-'));
const worker = join(folder, 'double.mjs');
writeFileSync(worker, `import { answerTasks } from ${JSON.stringify(pathToFileURL(join(root, 'dist', 'corpus', 'processes.js')).href)};
answerTasks(async (n) => {
  if (n < 0) process.exit(3);
  await new Promise((resolve) => setTimeout(resolve, n));
  return { doubled: n * 2, by: process.pid };
});
`);

type Answer = { doubled: number; by: number };
let pool: ProcessPool<number, Answer> | undefined;
afterEach(async () => pool?.close());

describe('a pool of worker processes', () => {
  it('matches each answer to its task, with two tasks at a time in a worker', async () => {
    pool = new ProcessPool<number, Answer>(1, worker, 2);
    const tasks = [30, 5, 20, 1, 10, 2];
    const answers = await Promise.all(tasks.map((n) => pool!.run(n)));
    expect(answers.map((a) => a.doubled)).toEqual(tasks.map((n) => n * 2));
    expect(new Set(answers.map((a) => a.by)).size).toBe(1);
    expect(answers[0]!.by).not.toBe(process.pid);
  });

  it('lets this process take queued tasks too, until none is left', async () => {
    pool = new ProcessPool<number, Answer>(1, worker, 1);
    const tasks = Array.from({ length: 12 }, (_, i) => 10 + i);
    let workerAnswered!: () => void;
    const answered = new Promise<void>((resolve) => (workerAnswered = resolve));
    const answers = Promise.all(tasks.map((n) => pool!.run(n).then((a) => (a.by !== process.pid && workerAnswered(), a))));
    // This process waits for the worker's first answer before it answers its own first task.
    await pool.runHere(async (n) => {
      await answered;
      return { doubled: n * 2, by: process.pid };
    });
    const done = await answers;
    expect(done.map((a) => a.doubled)).toEqual(tasks.map((n) => n * 2));
    const here = done.filter((a) => a.by === process.pid).length;
    expect(here).toBeGreaterThan(0);
    expect(here).toBeLessThan(tasks.length);
  });

  it('fails the tasks of a worker that dies, and goes on with another', async () => {
    pool = new ProcessPool<number, Answer>(1, worker, 2);
    const dying = pool.run(-1);
    await expect(dying).rejects.toThrow('the worker process stopped (exit code 3)');
    await expect(pool.run(4)).resolves.toMatchObject({ doubled: 8 });
  });
});
