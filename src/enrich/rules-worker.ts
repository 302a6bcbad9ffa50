// A worker thread of editio tag's validity check: the rule checks of one part of a large document.
import { Locator } from '../load/locator.js';
import { parseForSaxon } from '../load/parse.js';
import type { Source } from '../load/source.js';
import { checkRules, type RuleContext } from '../validate/rules.js';

/** A task without a source only loads this module (and saxon-js with it), ahead of the real ones. */
export default async function ({ source, context }: { source?: Source; context?: RuleContext }) {
  return source ? checkRules(source, await parseForSaxon(source), new Locator(source.text), context) : [];
}
