import { isUtf8 } from 'node:buffer';
import type { Edit } from '../load/volume.js';

/** Bytes compared a block at a time (as memory), and counted into characters a block at a time. */
const BLOCK = 64 * 1024;

const isContinuation = (byte: number | undefined) => byte !== undefined && (byte & 0xc0) === 0x80;

/**
 * A document's last good text, with the bytes it was read from. A save is compared with it
 * byte for byte and only the bytes that changed are decoded: decoding a whole 20 MB file costs
 * more than the rest of the way to its page, and most of a saved file is as it was.
 */
export class KeptText {
  /** How many UTF-16 code units the text has before each block of bytes (made when first needed). */
  private blocks?: Int32Array;
  /** The byte-order mark's length: the text starts after it. */
  private readonly start: number;

  constructor(readonly bytes: Buffer, readonly text: string) {
    this.start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  }

  /**
   * The text of a later save, and the edit that makes it of this one (none when they are the
   * same): the smallest, [start, end) replaced. Undefined when this cannot tell: bytes that are
   * not UTF-8, or UTF-16 (decode them whole).
   */
  after(bytes: Buffer): { text: string; edit?: Edit } | undefined {
    const before = this.bytes;
    if (before[0] === 0xfe || before[0] === 0xff || bytes[0] === 0xfe || bytes[0] === 0xff || !isUtf8(bytes)) return undefined;
    if (before.equals(bytes)) return { text: this.text };
    const shorter = Math.min(before.length, bytes.length);
    let start = 0;
    while (start + BLOCK <= shorter && before.compare(bytes, start, start + BLOCK, start, start + BLOCK) === 0) start += BLOCK;
    while (start < shorter && before[start] === bytes[start]) start++;
    // Both begin a character where they part (and where they meet again, below).
    while (start > this.start && (isContinuation(before[start]) || isContinuation(bytes[start]))) start--;
    if (start < this.start) return undefined; // a byte-order mark added or removed
    const room = shorter - start;
    let tail = 0;
    while (tail + BLOCK <= room && before.compare(bytes, bytes.length - tail - BLOCK, bytes.length - tail, before.length - tail - BLOCK, before.length - tail) === 0) tail += BLOCK;
    while (tail < room && before[before.length - 1 - tail] === bytes[bytes.length - 1 - tail]) tail++;
    while (tail > 0 && (isContinuation(before[before.length - tail]) || isContinuation(bytes[bytes.length - tail]))) tail--;
    const edit = { start: this.characterAt(start), end: this.characterAt(before.length - tail), text: bytes.toString('utf8', start, bytes.length - tail) };
    return { text: this.text.slice(0, edit.start) + edit.text + this.text.slice(edit.end), edit };
  }

  /** Count the characters before each block now, off the way from a save to its page. */
  prepare(): void {
    if (this.blocks) return;
    const blocks = new Int32Array(Math.floor(this.bytes.length / BLOCK) + 1);
    let units = 0;
    for (let b = 0; b < blocks.length; b++) {
      blocks[b] = units;
      units += unitsIn(this.bytes, Math.max(b * BLOCK, this.start), Math.min((b + 1) * BLOCK, this.bytes.length));
    }
    this.blocks = blocks;
  }

  /** The offset in the text of the character that starts at a byte offset. */
  private characterAt(byte: number): number {
    this.prepare();
    const block = Math.floor(byte / BLOCK);
    return this.blocks![block]! + unitsIn(this.bytes, Math.max(block * BLOCK, this.start), byte);
  }
}

/** The UTF-16 code units that the UTF-8 bytes [from, to) decode to: one per character, two for those beyond U+FFFF. */
function unitsIn(bytes: Buffer, from: number, to: number): number {
  let units = 0;
  for (let i = from; i < to; i++) {
    const byte = bytes[i]!;
    if ((byte & 0xc0) !== 0x80) units += byte >= 0xf0 ? 2 : 1;
  }
  return units;
}
