/**
 * Whole corpora: the worker pool gives the same bytes as one thread, and the build cache
 * skips what has not changed, rebuilds what has, and clears what a document no longer makes.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/index.js';
import { filesEndingWith, seed, shared } from './helpers.js';

const frus = join(shared, 'corpus', 'frus');

/** A corpus of our own to change: the seed and four FRUS fragments, copied into a new folder. */
function corpus(): { input: string; out: string } {
  const folder = mkdtempSync(join(tmpdir(), 'editio-incremental-'));
  const input = join(folder, 'tei');
  mkdirSync(input);
  for (const file of [seed, ...['frus1943v06_d226.xml', 'frus1943v06_d227.xml', 'frus1941v07_ch23.xml', 'frus1969-76v22_d15.xml'].map((f) => join(frus, f))]) {
    copyFileSync(file, join(input, file.slice(file.lastIndexOf('/') + 1)));
  }
  return { input, out: join(folder, '_site') };
}

/** Every output file with its bytes. */
function snapshot(out: string): Map<string, string> {
  return new Map(readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(out, f)).isFile()).sort().map((f) => [f, readFileSync(join(out, f), 'latin1')]));
}

describe('a corpus in a pool of workers', () => {
  it('--jobs 2 writes the same files, byte for byte, as one thread', async () => {
    const { input, out } = corpus();
    const one = await build({ input, out: out + '-1', jobs: 1, incremental: false });
    const two = await build({ input, out: out + '-2', jobs: 2, incremental: false });
    expect(two.documents).toBe(one.documents);
    expect(two.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(one.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`));
    const [a, b] = [snapshot(out + '-1'), snapshot(out + '-2')];
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [file, bytes] of a) expect(b.get(file), file).toBe(bytes);
  });
});

describe('incremental builds', () => {
  it('a rebuild with nothing changed does no transformation work and writes nothing', async () => {
    const { input, out } = corpus();
    const cold = await build({ input, out, jobs: 1 });
    expect(cold.cached).toBe(0);
    const warm = await build({ input, out, jobs: 1 });
    expect(warm).toMatchObject({ cached: cold.documents, written: 0, documents: cold.documents, pages: cold.pages });
    // The findings are the same: a cached document still reports its problems.
    expect(warm.diagnostics).toEqual(cold.diagnostics);
  });

  it('one changed document rebuilds its own files and the contents page; the others are left alone', async () => {
    const { input, out } = corpus();
    await build({ input, out, jobs: 1 });
    const before = snapshot(out);
    const times = new Map([...before.keys()].map((f) => [f, statSync(join(out, f)).mtimeMs]));
    const file = join(input, 'frus1943v06_d227.xml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('War Production Board', 'War Production Board (changed)'));

    const report = await build({ input, out, jobs: 1 });
    expect(report.cached).toBe(4);
    const after = snapshot(out);
    const changed = [...after.keys()].filter((f) => after.get(f) !== before.get(f));
    // The heading changed, so the title in its citations too, in the contents of its volume and of
    // the edition, in the search index, and where the chronology links to its dates.
    // In the search index: its base (the lengths of the unit's fields), the unit's own text, and the shards of the words that changed.
    expect(changed.filter((f) => !f.startsWith('assets/search/')).sort()).toEqual(['chronology.html', 'frus1943v06/d227.bib', 'frus1943v06/d227.html', 'frus1943v06/d227.json', 'frus1943v06/d227.ris', 'frus1943v06/d227.txt', 'frus1943v06/index.html', 'index.html']);
    const index = changed.filter((f) => f.startsWith('assets/search/'));
    expect(index).toContain('assets/search/index.js');
    expect(index.filter((f) => f.startsWith('assets/search/units/'))).toHaveLength(1);
    expect(after.get(index.find((f) => f.startsWith('assets/search/units/'))!)).toContain('War Production Board (changed)');
    expect(index.filter((f) => f.startsWith('assets/search/terms/')).length).toBeGreaterThan(0);
    for (const f of before.keys()) {
      if (!changed.includes(f)) expect(statSync(join(out, f)).mtimeMs, f).toBe(times.get(f));
    }
  });

  it('an output deleted by hand is made again; a unit that is gone takes its files with it', async () => {
    const { input, out } = corpus();
    await build({ input, out, jobs: 1 });
    unlinkSync(join(out, 'frus1944v07', 'ch6.txt'));
    const again = await build({ input, out, jobs: 1 });
    expect(existsSync(join(out, 'frus1944v07', 'ch6.txt'))).toBe(true);
    expect(again.cached).toBe(4);

    const file = join(input, 'frus1943v06_d226.xml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('xml:id="d226"', 'xml:id="d226a"'));
    await build({ input, out, jobs: 1 });
    expect(filesEndingWith(join(out, 'frus1943v06'), '.html').map((f) => f.slice(f.lastIndexOf('/') + 1))).toEqual(['d226a.html', 'd227.html', 'index.html']);
    expect(existsSync(join(out, 'frus1943v06', 'd226.bib'))).toBe(false);
  });

  it('a change of options or of editio itself makes every document stale; --no-incremental ignores the cache', async () => {
    const { input, out } = corpus();
    await build({ input, out, jobs: 1 });
    const wrapped = await build({ input, out, jobs: 1, width: 60 });
    expect(wrapped.cached).toBe(0);
    expect((await build({ input, out, jobs: 1, width: 60 })).cached).toBe(5);
    expect((await build({ input, out, jobs: 1, width: 60, incremental: false })).cached).toBe(0);
  });
});
