import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
const folder = '/tmp/search-work/site20';
const server = createServer((req, res) => { try { const b = readFileSync(folder + decodeURIComponent(new URL(req.url, 'http://x').pathname)); res.writeHead(200, { 'content-type': new URL(req.url, 'http://x').pathname.endsWith('.html') ? 'text/html' : 'text/javascript' }); res.end(b); } catch { res.writeHead(404).end(); } });
await new Promise((d) => server.listen(0, '127.0.0.1', d));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
for (const q of process.argv.slice(2)) {
  const rows = [];
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/search.html?q=${encodeURIComponent(q)}`, { waitUntil: 'load' });
    await page.waitForFunction((q) => document.getElementById('search-status').textContent.includes(q), q);
    const T = await page.evaluate(() => window.T);
    rows.push(['loaded', 'decoded', 'indexed', 'searched', 'first'].map((k, j, a) => Math.round(T[k] - (j ? T[a[j - 1]] : T.start))));
    await page.close();
  }
  rows.sort((a, b) => a.reduce((x, y) => x + y) - b.reduce((x, y) => x + y));
  console.log(q, 'load/decode/loadJS/search/first-unit (best of 5):', rows[0].join(' '), ' median:', rows[2].join(' '));
}
await browser.close(); server.close();
