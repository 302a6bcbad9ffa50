import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validate, formatText, formatSummary, hasErrors } from '../src/index.js';
import { seed } from './helpers.js';

describe('validate() library API', () => {
  it('takes texts held in memory and reports them under their given names', async () => {
    const text = readFileSync(seed, 'utf8').replace('when="1944-09-27"', 'when="1944-09-31"');
    const found = await validate([{ file: 'memory.xml', text }]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: 'memory.xml', rule: 'date-valid', severity: 'error', source: 'rules' });
    const line = text.split('\n')[found[0]!.line - 1]!;
    expect(line.slice(found[0]!.column - 1)).toMatch(/^when="1944-09-31"/);
    expect(hasErrors(found)).toBe(true);
  });

  it('returns the same findings, in the same order, every time', async () => {
    const input = ['test/fixtures/invalid', 'test/fixtures/valid'];
    const first = formatText(await validate(input));
    const second = formatText(await validate(input));
    expect(second).toBe(first);
    expect(first.split('\n').length).toBeGreaterThan(15);
  });

  it('can skip the rule checks', async () => {
    const found = await validate('test/fixtures/invalid/impossible-date.xml', { rules: false });
    expect(found).toEqual([]);
  });

  it('reports progress per stage', async () => {
    const stages: string[] = [];
    await validate('tei', { onProgress: (stage, done, total) => stages.push(`${stage} ${done}/${total}`) });
    expect(stages).toEqual(['load 1/1', 'rng 1/1', 'rules 1/1']);
  });

  it('summarises counts', () => {
    expect(formatSummary([], 3)).toBe('3 documents valid, no findings\n');
  });
});
