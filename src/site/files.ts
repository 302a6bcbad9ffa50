import { collator, pageLabel, type DocumentSite } from './edition.js';
import { decodeFileNumber, fileSummary, type DecodedFile } from './decimal.js';

/**
 * The archival files: every Central Decimal File number the edition cites, grouped by file (the
 * number before the slash), each paper with what its number says and every place it is cited.
 */
export interface ArchivalFile {
  file: string;
  id: string;
  summary?: string;
  parts: DecodedFile['fileParts'];
  papers: Paper[];
}

export interface Paper {
  number: string;
  part?: DecodedFile['paperPart'];
  date?: DecodedFile['date'];
  segment?: string;
  /** Where it is cited; abbreviated: print gives less than the full number ("2244"). */
  citations: { href: string; unit: string; volume: string; page?: string; printed: string; abbreviated: boolean }[];
}

export function archivalFiles(documents: DocumentSite[]): ArchivalFile[] {
  const files = new Map<string, ArchivalFile>();
  const papers = new Map<string, Paper>();
  for (const document of documents) {
    for (const unit of document.units) {
      for (const citation of unit.files) {
        const decoded = decodeFileNumber(citation.number);
        let file = files.get(decoded.file);
        if (!file) {
          file = { file: decoded.file, id: `file-${decoded.file.replace(/[^A-Za-z0-9-]/g, '_')}`, summary: fileSummary(decoded), parts: decoded.fileParts, papers: [] };
          files.set(decoded.file, file);
        }
        let paper = papers.get(citation.number);
        if (!paper) {
          paper = { number: citation.number, part: decoded.paperPart, date: decoded.date, segment: decoded.segment, citations: [] };
          papers.set(citation.number, paper);
          file.papers.push(paper);
        }
        paper.citations.push({ href: `${unit.href}#${citation.anchor}`, unit: unit.title, volume: unit.volume, page: pageLabel(citation.page), printed: citation.printed, abbreviated: citation.printed !== citation.number });
      }
    }
  }
  const list = [...files.values()].sort((a, b) => collator.compare(a.file, b.file));
  // Papers in a file: dated ones by date, running numbers by number, as the file keeps them.
  for (const file of list) file.papers.sort((a, b) => collator.compare(a.date?.iso ?? a.number, b.date?.iso ?? b.number));
  return list;
}
