// editio serve, preview only (never in the built files): reload this page when it has changed on
// disk, and show over it why the last save could not be read (the page stays the last good one).
(() => {
  const version = new URL(document.currentScript.src).searchParams.get('v') ?? '';
  const events = new EventSource(`/_editio/events?page=${encodeURIComponent(location.pathname)}&v=${version}`);
  events.addEventListener('reload', () => location.reload());
  events.addEventListener('problem', (event) => show(JSON.parse(event.data)));
  events.addEventListener('fixed', () => document.getElementById('editio-problem')?.remove());

  // Styled through the DOM: the page's policy allows no inline style.
  function show(problem) {
    document.getElementById('editio-problem')?.remove();
    const box = document.createElement('section');
    box.id = 'editio-problem';
    box.setAttribute('role', 'alert');
    box.setAttribute('aria-label', 'editio: the last save cannot be read');
    Object.assign(box.style, {
      position: 'fixed', left: '1rem', right: '1rem', bottom: '1rem', zIndex: '2147483647', maxHeight: '50vh', overflow: 'auto',
      padding: '0.75rem 1rem', background: '#fff4f4', color: '#5a0000', border: '2px solid #b00020', borderRadius: '4px',
      font: '14px/1.4 system-ui, sans-serif', boxShadow: '0 2px 12px rgba(0, 0, 0, 0.3)',
    });
    const heading = document.createElement('p');
    heading.textContent = problem.summary;
    heading.style.margin = '0 0 0.5rem';
    heading.style.fontWeight = 'bold';
    const lines = document.createElement('pre');
    lines.textContent = problem.lines.join('\n');
    Object.assign(lines.style, { margin: '0', whiteSpace: 'pre-wrap', font: '13px/1.4 ui-monospace, monospace' });
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Hide';
    close.style.marginTop = '0.5rem';
    close.addEventListener('click', () => box.remove());
    box.append(heading, lines, close);
    document.body.append(box);
  }
})();
