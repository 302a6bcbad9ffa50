import { runStylesheet } from './stylesheets.js';

/** What xslt/metadata.xsl says about a document: its printed source and its citable units. */
export interface DocumentMetadata {
  id: string;
  /** The folder of the document's pages: its id made safe as a file name. */
  folder: string;
  title: string;
  lang: string;
  source: {
    series?: string;
    subseries?: string;
    volumeTitle?: string;
    volumeLabel?: string;
    volume?: number;
    editors: string[];
    publisher?: string;
    place?: string;
    date?: string;
  };
  units: UnitMetadata[];
  /** The witnesses of a critical edition (sourceDesc/listWit), in their order; empty otherwise. */
  witnesses: WitnessMetadata[];
}

export interface WitnessMetadata {
  /** The xml:id that @wit points at. */
  id: string;
  /** As the apparatus prints it: abbr type="siglum", else @n, else the xml:id. */
  siglum: string;
  description: string;
  /** The id made safe as part of a file name: the witness's page of a unit is {unit}.wit-{file}. */
  file: string;
}

export interface UnitMetadata {
  id: string;
  /** The page's file name, without extension. */
  file: string;
  type: string;
  title: string;
  parent?: string;
  firstPage?: string;
  lastPage?: string;
  /** The canonical public URL, when the document is a FRUS volume. */
  url?: string;
  date?: string;
}

export function readMetadata(document: unknown, fileStem: string, params: Record<string, string | boolean> = {}): DocumentMetadata {
  return JSON.parse(runStylesheet('metadata', document, 'metadata', { 'file-stem': fileStem, ...params }).result) as DocumentMetadata;
}
