import { createRequire } from 'node:module';
import type SaxonJS from 'saxon-js';

let loaded: typeof SaxonJS | undefined;

/**
 * saxon-js, loaded when XSLT first runs (a parse for the rules, a transform), so that what runs
 * none (`validate --no-rules`, usage errors) does not pay its load. Required as the CommonJS
 * it is: imported from ESM, Node would first scan its 2 MB source for ESM syntax and exports.
 */
export function saxon(): typeof SaxonJS {
  return (loaded ??= createRequire(import.meta.url)('saxon-js') as typeof SaxonJS);
}
