import { fileURLToPath } from 'node:url';
import type { Diagnostic, Severity } from '../diagnostic.js';

/**
 * Profiles: what a document is held to when no schema is given. Each is a RelaxNG grammar in
 * schemas/ and the severities of the rule checks that are conventions rather than errors of
 * encoding. The FRUS profile's grammar includes editio's and adds the FRUS namespace; its rule
 * conventions (a footnote number printed again refers back) are the rules' `e:conventions`.
 */
export const PROFILE_NAMES = ['editio', 'frus'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** A rule's severity as a project may set it: `off` drops its findings. */
export type RuleSeverity = Severity | 'off';
export const RULE_SEVERITIES: readonly RuleSeverity[] = ['error', 'warning', 'info', 'off'];

export interface Profile {
  name: ProfileName;
  /** Its grammar (an absolute path). */
  grammar: string;
  /** The severity of each rule check that is a convention. */
  severities: Record<string, RuleSeverity>;
}

export const FRUS_NS = 'http://history.state.gov/frus/ns/1.0';

const schema = (name: string) => fileURLToPath(new URL(`../../schemas/${name}`, import.meta.url));

export const PROFILES: Record<ProfileName, Profile> = {
  editio: {
    name: 'editio',
    grammar: schema('editio.rng'),
    severities: { 'footnote-sequence': 'error', 'page-order': 'error', 'authority-used': 'warning' },
  },
  frus: {
    name: 'frus',
    grammar: schema('frus.rng'),
    // FRUS prints a note number again to refer back; a number left out is worth a look, not an error.
    severities: { 'footnote-sequence': 'warning', 'page-order': 'error', 'authority-used': 'warning' },
  },
};

const DECLARES_FRUS = new RegExp(`\\sxmlns(?::[\\w.-]+)?\\s*=\\s*(["'])${FRUS_NS.replace(/[./]/g, '\\$&')}\\1`);

/** Whether a document is taken out of its volume: its text has no front matter (a FRUS volume whole has a title page). */
export function isExtract(text: string): boolean {
  return !/<(?:[\w.-]+:)?front[\s>/]/.test(text);
}

/** The profile a document is held to: the one asked for, else FRUS's when it declares the FRUS namespace, else editio's. */
export function profileOf(text: string, asked?: ProfileName): Profile {
  return PROFILES[asked ?? (DECLARES_FRUS.test(text) ? 'frus' : 'editio')];
}

/** Findings at the severity the profile, then the project, gives their rule; a rule set `off` reports nothing. */
export function withSeverities(diagnostics: Diagnostic[], profile: Profile, project: Record<string, RuleSeverity> = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const severity = project[d.rule] ?? (d.source === 'rules' ? profile.severities[d.rule] : undefined);
    if (severity === 'off') continue;
    out.push(severity && severity !== d.severity ? { ...d, severity } : d);
  }
  return out;
}
