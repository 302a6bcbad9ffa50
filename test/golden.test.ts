import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { render, type Target } from '../src/index.js';
import { root, seed, shared } from './helpers.js';

// Golden files: the expected HTML and text of the seed and of real TEI written by others, both
// FRUS encoding generations and TEI Simple. Normalised before the diff (whitespace runs, one tag
// per line) so that only real changes show. After a deliberate change: UPDATE_GOLDEN=1 npm test.
const cases = [
  seed,
  ...['frus1941v07_ch26.xml', 'frus1943v06_d226.xml', 'frus1941v07_d262.xml', 'frus1969-76v22_d15.xml', 'frus1961-63v12_d163.xml'].map((f) => join(shared, 'corpus', 'frus', f)),
  ...['testrend.xml', 'testsimple5.xml', 'testsimple2.xml'].map((f) => join(shared, 'corpus', 'tei-simple', f)),
];
const GOLDEN = join(root, 'test', 'golden');

function normalise(output: string, target: Target): string {
  const text = target === 'html' ? output.replace(/>\s*</g, '>\n<') : output;
  return text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n') + '\n';
}

describe('golden files', () => {
  for (const file of cases) {
    for (const target of ['html', 'text'] as const) {
      const golden = join(GOLDEN, `${basename(file, '.xml')}.${target === 'html' ? 'html' : 'txt'}`);
      it(`${basename(file)} as ${target} matches ${basename(golden)}`, async () => {
        const actual = normalise(await render(file, target), target);
        if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) writeFileSync(golden, actual);
        expect(actual).toBe(readFileSync(golden, 'utf8'));
      });
    }
  }
});
