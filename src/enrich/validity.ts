import type { Diagnostic } from '../diagnostic.js';
import { PART_CHARACTERS } from '../load/volume.js';
import type { Source } from '../load/source.js';
import { validate } from '../validate/index.js';

/**
 * The validate stage's findings for a tagged text, against the schema tagging must keep: the
 * same checks as `editio validate`, so that what tag writes, validate accepts.
 */
export class Validity {
  /** `partCharacters`: a text over this many characters is checked in parts (as validate's option). */
  constructor(private readonly schema?: string, private readonly partCharacters = PART_CHARACTERS) {}

  check(source: Source): Promise<Diagnostic[]> {
    return validate(source, { schema: this.schema, partCharacters: this.partCharacters });
  }
}
