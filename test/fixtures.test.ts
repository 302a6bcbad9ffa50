import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../src/index.js';
import { expectations, fixtures, xmlFiles } from './helpers.js';

const broken = xmlFiles(join(fixtures, 'invalid'));

describe('broken fixtures', () => {
  it('there are at least 15 of them', () => {
    expect(broken.length).toBeGreaterThanOrEqual(15);
  });

  it.each(broken.map((f) => [basename(f), f]))('%s: reported with the expected rule, line and column', async (_name, file) => {
    const found = await validate(file);
    expect(found.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule}`).sort()).toEqual(expectations(file));
    for (const d of found) {
      expect(d.file).toBe(file);
      expect(d.message.length).toBeGreaterThan(10);
    }
  });
});

describe('valid fixtures', () => {
  it.each(xmlFiles(join(fixtures, 'valid')).map((f) => [basename(f), f]))('%s: no findings', async (_name, file) => {
    expect(await validate(file)).toEqual([]);
  });
});

describe('FRUS fixtures: a document that declares the FRUS namespace is held to the FRUS profile', () => {
  it.each(xmlFiles(join(fixtures, 'frus')).map((f) => [basename(f), f]))('%s: reported with the expected rule, line and column', async (_name, file) => {
    const found = await validate(file);
    expect(found.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule}`).sort()).toEqual(expectations(file));
  });
});
