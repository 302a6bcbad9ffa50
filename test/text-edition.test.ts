import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, render } from '../src/index.js';
import { seed, shared } from './helpers.js';

const seedText = readFileSync(join(shared, 'seed', 'frus1944v07-ch6.txt'), 'utf8');

/**
 * Words and punctuation as tokens: line wrapping and spacing do not count, every character
 * does. Compatibility forms are folded (NFKC), so the edition's superscript note marker
 * "Union¹" matches the seed's "Union1", where the superscript was lost.
 */
function tokens(text: string): string[] {
  return text.normalize('NFKC').split(/\s+/).filter(Boolean);
}

describe('the text edition of the seed', () => {
  let built = '';
  beforeAll(async () => {
    const out = mkdtempSync(join(tmpdir(), 'editio-text-'));
    await build({ input: seed, out });
    built = readFileSync(join(out, 'frus1944v07', 'ch6.txt'), 'utf8');
  });

  it('reproduces the printed text word for word, with the page turn and the footnote after the text', () => {
    expect(tokens(built)).toEqual(tokens(seedText));
  });

  it('puts "[Page 171]" on a line of its own where the page turns', () => {
    expect(built).toContain('connected or affiliated with the Soviet Union.”\n\n[Page 171]\n\nThe Chilean President told');
  });

  it('gives the footnote after the text, numbered as in print', () => {
    expect(built).toMatch(/\(722\.61\/8–1444\)\]\n\n {2}1\. For correspondence on good offices to Uruguay .* pp\. 262 ff\.\n$/);
  });

  it('is the same text from `render` (the whole document) as from `build` (the chapter)', async () => {
    expect(await render(seed, 'text')).toBe(built);
  });

  it('marks the footnote with a superscript figure, as in print', () => {
    expect(built).toMatch(/^Attitude of the United States .* and the Soviet Union¹\n\n\[On January 1, 1944/);
  });

  it('is Unicode NFC', async () => {
    const decomposed = readFileSync(seed, 'utf8').replace('Ríos', 'Ri\u0301os');
    const text = await render({ file: 'nfd.xml', text: decomposed }, 'text');
    expect(text).toContain('Ríos'.normalize('NFC'));
    expect(text).toBe(text.normalize('NFC'));
  });

  it('wraps at --width, keeping every word, and does not wrap by default', async () => {
    const wrapped = await render(seed, 'text', { width: 60 });
    const lines = wrapped.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(60);
    expect(tokens(wrapped)).toEqual(tokens(built));
    expect(lines.filter((l) => l.startsWith('     ')).length).toBeGreaterThan(0); // the footnote's hanging indent
    expect(Math.max(...built.split('\n').map((l) => l.length))).toBeGreaterThan(500);
  });
});
