import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../src/index.js';
import { fixtures, seed, shared, xmlFiles } from './helpers.js';

const TEI_ALL = join(shared, 'schemas', 'tei_all.rng');

/** jing (Debian's package, installed by scripts/system-deps.sh) is the validator that can compile tei_all. */
function jing(files: string[]): { status: number | null; output: string } {
  const run = spawnSync('jing', [TEI_ALL, ...files], { encoding: 'utf8' });
  if (run.error) throw new Error(`jing is needed for the TEI conformance tests (scripts/system-deps.sh installs it): ${run.error.message}`);
  return { status: run.status, output: run.stdout };
}

describe('TEI conformance: what editio accepts is TEI P5', () => {
  it('the profile accepts the seed and the valid fixtures, and tei_all accepts every document the profile accepts', async () => {
    const candidates = [seed, ...xmlFiles(fixtures)];
    const accepted: string[] = [];
    for (const file of candidates) {
      const found = await validate(file);
      if (!found.some((d) => d.severity === 'error')) accepted.push(file);
    }
    expect(accepted).toContain(seed);
    for (const valid of xmlFiles(join(fixtures, 'valid'))) expect(accepted).toContain(valid);
    expect(accepted.length).toBeGreaterThanOrEqual(4); // warnings-only fixtures count as accepted too

    const result = jing(accepted);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('jing really checks: a document outside TEI is rejected', () => {
    const result = jing([join(fixtures, 'invalid', 'wrong-namespace.xml')]);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/wrong-namespace\.xml:\d+:\d+: error/);
  });
});
