// editio: the only script of the reading edition, and only an enhancement. It shows the copy
// buttons of "Cite this"; without it the citations are plain text, selectable as any other.
for (const button of document.querySelectorAll('button[data-copy]')) {
  const source = document.getElementById(button.dataset.copy);
  const status = document.getElementById('cite-status');
  if (!source || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener('click', async () => {
    const label = button.dataset.label;
    try {
      await navigator.clipboard.writeText(source.textContent.replace(/\s+/g, ' ').trim());
      if (status) status.textContent = `Copied the ${label}.`;
    } catch {
      if (status) status.textContent = `Could not copy the ${label}: select the text instead.`;
    }
  });
}
