import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editio, root, shared } from './helpers.js';

// A build killed with SIGKILL at any moment leaves only whole files: each output is written to a
// temporary name and renamed into place. The next build clears the temporaries and completes.
const inputs = ['tei', 'test/fixtures/valid', join(shared, 'corpus', 'frus'), join(shared, 'corpus', 'tei-simple', 'bonner.xml'), join(shared, 'corpus', 'tei-simple', 'bayou.xml')];

function killedBuild(out: string, afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'dist', 'cli.js'), 'build', ...inputs, '--out', out, '--quiet'], { cwd: root, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function outputs(out: string): string[] {
  try {
    return readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(html|txt|css)$/.test(f));
  } catch {
    return [];
  }
}

describe('a build killed with SIGKILL', () => {
  it('leaves every output file whole, and a rerun completes', async () => {
    const out = mkdtempSync(join(tmpdir(), 'editio-kill-'));
    for (const afterMs of [400, 900, 1500, 2500, 4000]) {
      await killedBuild(out, afterMs);
      for (const file of outputs(out)) {
        const text = readFileSync(join(out, file), 'utf8');
        if (file.endsWith('.html')) expect(text.trimEnd().endsWith('</html>'), `${file} after a kill at ${afterMs} ms`).toBe(true);
        else expect(text.length, file).toBeGreaterThan(0);
      }
    }
    const rerun = editio('build', ...inputs, '--out', out, '--quiet');
    expect(rerun.status).toBe(1); // the FRUS fragments have findings of their own
    const files = readdirSync(out, { recursive: true, encoding: 'utf8' });
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files).toContain(join('frus1944v07', 'ch6.html'));
    expect(files).toContain(join('bonner', 'bonner.html'));
  }, 120_000);
});
