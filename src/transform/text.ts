/**
 * The last touches to the text edition, which XSLT is poor at: Unicode NFC, and wrapping
 * at a given width (0: no wrapping). Endnotes ("  1. …") wrap with a hanging indent.
 */
export function finishText(text: string, width = 0): string {
  const normalized = text.normalize('NFC');
  if (!(width > 0)) return normalized;
  return normalized
    .split('\n')
    .map((line) => wrapLine(line, width))
    .join('\n');
}

function wrapLine(line: string, width: number): string {
  if (line.length <= width) return line;
  const hanging = /^(\s*(?:\d+\.|\(\d+\))\s|\s*)/.exec(line)![0].length;
  const indent = ' '.repeat(Math.min(hanging, Math.floor(width / 2)));
  const words = line.trim().split(/\s+/);
  const lines: string[] = [];
  let current = line.slice(0, line.length - line.trimStart().length);
  for (const word of words) {
    const start = lines.length === 0 && current.trim() === '';
    if (!start && (current + ' ' + word).length > width && current.trim() !== '') {
      lines.push(current);
      current = indent + word;
    } else {
      current = start ? current + word : current + ' ' + word;
    }
  }
  lines.push(current);
  return lines.join('\n');
}
