/** `editio tag` applies the proposals at or above this confidence unless told another. */
export const DEFAULT_MIN_CONFIDENCE = 0.8;
