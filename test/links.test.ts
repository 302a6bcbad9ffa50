/**
 * Pointers across the documents of a run (src/load/links.ts): into a document named
 * (persons.xml#hull), into the documents of one volume kept in several files (a FRUS document
 * and its volume's persons list), and into a project's records files. They resolve in validate
 * (ref-resolves, authority-used), in build, and in the site's registers, the way pointers across
 * the parts of a volume do (src/load/volume.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, render, validate, type Diagnostic } from '../src/index.js';
import { splitDocument } from '../src/load/volume.js';
import { fixtures, shared } from './helpers.js';

const links = (name: string) => join(fixtures, 'links', name);
const frus = (name: string) => join(shared, 'corpus', 'frus', name);
const brief = (d: Diagnostic) => `${d.file.split('/').pop()} ${d.line}:${d.column} ${d.severity} ${d.rule}`;
const temporary = () => mkdtempSync(join(tmpdir(), 'editio-links-'));

describe('pointers into other documents of the run', () => {
  it('resolve persons.xml#id in the document named, and report one it does not hold there', async () => {
    const found = await validate([links('letter.xml'), links('persons.xml')]);
    expect(found.map(brief)).toEqual(['letter.xml 15:82 error ref-resolves', 'persons.xml 15:15 warning authority-used']);
    expect(found[0]!.message).toBe('dangling reference: persons.xml#berle points to no xml:id in persons.xml');
    // hull is referenced from the letter: no authority-used for it. Alone, both records are unused.
    expect((await validate(links('persons.xml'))).map(brief)).toEqual(['persons.xml 13:15 warning authority-used', 'persons.xml 15:15 warning authority-used']);
    // A document that is not in the run is a link like any other: not checked.
    expect(await validate(links('letter.xml'))).toEqual([]);
  });

  it("resolve #id in the project's records files", async () => {
    const alone = await validate([links('note.xml')]);
    expect(alone.map(brief)).toEqual(['note.xml 15:30 error ref-resolves']);
    expect(await validate([links('note.xml')], { records: [links('persons.xml')] })).toEqual([]);
  });

  it('resolve #id in the other documents of a FRUS volume kept in several files: a document and its persons list', async () => {
    const found = await validate([frus('frus1969-76v22_d15.xml'), frus('frus1969-76v22_persons.xml')]);
    // Only the list of terms, which the corpus does not have, is left unchecked.
    expect(found.map((d) => `${brief(d)} ${d.message.split(' ')[0]}`)).toEqual(['frus1969-76v22_d15.xml 38:46 warning ref-unchecked #t_RG_1']);
    // Taken out of its volume alone, the document's pointers to the volume's persons cannot be checked: warnings, not errors.
    const alone = await validate(frus('frus1969-76v22_d15.xml'));
    expect(alone.length).toBe(13);
    expect(alone.every((d) => d.rule === 'ref-unchecked' && d.severity === 'warning')).toBe(true);
    // Held to editio's profile, they are dangling.
    expect((await validate(frus('frus1969-76v22_d15.xml'), { profile: 'editio' })).filter((d) => d.rule === 'ref-resolves').length).toBe(13);
  });

  it('build reports what validate reports, and the registers list the mentions with the records of the other document', async () => {
    const input = [links('letter.xml'), links('persons.xml'), links('note.xml')];
    const out = temporary();
    const report = await build({ input, out, records: [links('persons.xml')], jobs: 2 });
    expect(report.diagnostics).toEqual(await validate(input, { records: [links('persons.xml')] }));
    const persons = readFileSync(join(out, 'persons.html'), 'utf8');
    expect(persons).toContain('Cordell Hull');
    expect(persons).toContain('letter/letter.html#m-hull');
    expect(persons).toContain('note/note.html#m-welles');
    const letter = readFileSync(join(out, 'letter', 'letter.html'), 'utf8');
    expect(letter).toContain('<a class="name person" href="../persons.html#hull" title="Cordell Hull" id="m-hull">Hull</a>');
    // The unnamed record stays a name without a link.
    expect(letter).toContain('<span class="name persName">Berle</span>');
  });

  it('build lists the mentions of a FRUS document under the names of its volume\'s persons list', async () => {
    const out = temporary();
    await build({ input: [frus('frus1969-76v22_d15.xml'), frus('frus1969-76v22_persons.xml')], out, jobs: 1 });
    const persons = readFileSync(join(out, 'persons.html'), 'utf8');
    const bunker = persons.slice(persons.indexOf('id="p_BE_1"'), persons.indexOf('</section>', persons.indexOf('id="p_BE_1"')));
    expect(bunker).toContain('Bunker, Ellsworth');
    expect(bunker).toContain('<a class="mention" href="frus1969-76v22/d15.html#m-p_BE_1-3">p. 48: Bunker</a>');
    // The role the persons list gives after the name.
    expect(persons).toContain('Ambassador to the Dominican Republic from 1964');
  });
});

describe('pointers across the parts of a volume', () => {
  /** A FRUS volume with its persons list in the front matter and many documents that name them, in the body. */
  function volumeWithPersons(): string {
    const list = /<div type="section" xml:id="persons"[\s\S]*?<\/div>\s*<\/body>/.exec(readFileSync(frus('frus1969-76v22_persons.xml'), 'utf8'))![0].replace(/<\/body>$/, '');
    const d15 = readFileSync(frus('frus1969-76v22_d15.xml'), 'utf8');
    const document = /<div type="document"[\s\S]*<\/div>/.exec(d15)![0];
    const documents = Array.from({ length: 40 }, (_, i) => document.replace(/xml:id="(d15[^"]*|pg_48)"/g, (_m, id: string) => `xml:id="${id}-${i}"`));
    const text = d15.replace(/<body>[\s\S]*<\/body>/, `<front>${list}</front><body>${documents.join('\n')}</body>`);
    const file = join(temporary(), 'volume.xml');
    writeFileSync(file, text);
    return file;
  }

  it('names a record the text shows once on a page: the persons list has its ids, the register does not repeat them', async () => {
    const html = await render(volumeWithPersons(), 'html');
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toContain('p_BE_1');
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(html).toContain('<a class="name person" href="#p_BE_1"');
  }, 120_000);

  it('gives each part the records of the persons list its names point to: the same pages and registers as the volume whole', async () => {
    const volume = volumeWithPersons();
    const part = 20_000;
    expect(splitDocument({ file: volume, text: readFileSync(volume, 'utf8') }, part).parts.length).toBeGreaterThan(4);
    const [whole, parts] = [temporary(), temporary()];
    const a = await build({ input: volume, out: whole, partCharacters: Infinity, jobs: 1, incremental: false });
    const b = await build({ input: volume, out: parts, partCharacters: part, jobs: 2, incremental: false });
    expect(b.diagnostics).toEqual(a.diagnostics);
    expect(await validate(volume, { partCharacters: part })).toEqual(a.diagnostics);
    for (const file of ['persons.html', 'frus1969-76v22/d15-0.html', 'frus1969-76v22/d15-39.html']) {
      expect(readFileSync(join(parts, file), 'utf8'), file).toBe(readFileSync(join(whole, file), 'utf8'));
    }
    expect(readFileSync(join(parts, 'frus1969-76v22', 'd15-39.html'), 'utf8')).toContain('href="../persons.html#p_BE_1"');
  }, 300_000);
});
