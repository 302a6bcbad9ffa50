/**
 * Offices, as records give them ("Ambassador of the Union of Soviet Socialist Republics to the
 * United States", "Panamanian Permanent Representative to the United Nations", "Under Secretary
 * of State") and as the text names their holders ("the Soviet Ambassador", "the Ambassador in
 * Bolivia", "the Under Secretary"): a title, the state it serves and the state it is sent to.
 */
export interface Office {
  /** The title, lowercased, without "acting" and the state ("ambassador", "under secretary of state"). */
  title: string;
  acting: boolean;
  /** The state the holder serves (a country key), when known. */
  of?: string;
  /** The state or place the holder is sent to or serves in. */
  at?: string;
}

/**
 * States as FRUS names them, with the adjectives print uses for them. A country's key is its
 * first name, lowercased; every other name and adjective leads to it.
 */
const STATES = `
United States|United States of America|U.S.|USA|this country: American, U.S.
Union of Soviet Socialist Republics|Soviet Union|USSR|U.S.S.R.|Russia|Soviet Russia: Soviet, Russian
United Kingdom|Great Britain|Britain|England: British, English
France: French
Germany: German
Italy: Italian
Japan: Japanese
China|People's Republic of China|Republic of China: Chinese
Spain: Spanish
Portugal: Portuguese
Netherlands|Holland: Netherlands, Dutch
Belgium: Belgian
Switzerland: Swiss
Sweden: Swedish
Norway: Norwegian
Denmark: Danish
Finland: Finnish
Poland: Polish
Czechoslovakia: Czechoslovak, Czech
Hungary: Hungarian
Rumania|Romania: Rumanian, Romanian
Bulgaria: Bulgarian
Yugoslavia: Yugoslav
Greece: Greek
Turkey: Turkish
Austria: Austrian
Ireland: Irish
Canada: Canadian
Mexico: Mexican
Guatemala: Guatemalan
El Salvador|Salvador: Salvadoran, Salvadorean
Honduras: Honduran
Nicaragua: Nicaraguan
Costa Rica: Costa Rican
Panama: Panamanian
Cuba: Cuban
Haiti: Haitian
Dominican Republic: Dominican
Colombia: Colombian
Venezuela: Venezuelan
Ecuador: Ecuadoran, Ecuadorian
Peru: Peruvian
Bolivia: Bolivian
Chile: Chilean
Argentina: Argentine, Argentinian
Uruguay: Uruguayan
Paraguay: Paraguayan
Brazil: Brazilian
Australia: Australian
New Zealand: New Zealand
India: Indian
Pakistan: Pakistani
Iran|Persia: Iranian, Persian
Iraq: Iraqi
Egypt: Egyptian
Israel: Israeli
Saudi Arabia: Saudi
Afghanistan: Afghan
Korea|Republic of Korea: Korean
Philippines: Philippine, Filipino
Thailand|Siam: Thai, Siamese
Vietnam|Viet-Nam|South Vietnam: Vietnamese
Indonesia: Indonesian
Ethiopia: Ethiopian
Liberia: Liberian
South Africa|Union of South Africa: South African
Vatican|Holy See: Papal
`;

const STATE_KEYS = new Map<string, string>();
const STATE_NAMES = new Map<string, string[]>();
const ADJECTIVES = new Map<string, string>();
for (const line of STATES.trim().split('\n')) {
  const [names, adjectives] = line.split(': ') as [string, string];
  const all = names.split('|');
  const key = all[0]!.toLowerCase();
  STATE_NAMES.set(key, all);
  for (const name of all) STATE_KEYS.set(name.toLowerCase(), key);
  for (const adjective of adjectives.split(', ')) ADJECTIVES.set(adjective.toLowerCase(), key);
}

/** The other names print gives a state a record names ("Soviet Russia" for the Union of Soviet Socialist Republics), abbreviations with full stops and "this country" left out. */
export function otherStateNames(name: string): string[] {
  const key = STATE_KEYS.get(name.toLowerCase().replace(/^the\s+/, ''));
  return key ? STATE_NAMES.get(key)!.filter((n) => n.toLowerCase() !== name.toLowerCase() && /^\p{Lu}/u.test(n) && !n.includes('.')) : [];
}

/** The state a name or an adjective stands for ("Soviet", "the Soviet Union" → "union of soviet socialist republics"). */
export function stateOf(words: string): string | undefined {
  const name = words.toLowerCase().replace(/^the\s+/, '').replace(/\s+/g, ' ').trim();
  return STATE_KEYS.get(name) ?? ADJECTIVES.get(name);
}

/** Adjectives of states, for the text's "the Soviet Ambassador". */
export function isStateAdjective(word: string): boolean {
  return ADJECTIVES.has(word.toLowerCase());
}

/** A department whose name completes a title ("Secretary of State", "of the Treasury"): not a state. */
const DEPARTMENTS = /^(?:state|the treasury|war|the navy|commerce|agriculture|labor|the interior|defense|the army|the air force|justice)\b/;

/** Read an office from a record's role or from a phrase of the text (without its article). */
export function parseOffice(text: string): Office | undefined {
  let rest = text.replace(/\s+/g, ' ').replace(/[’]/g, "'").trim();
  // What follows the office proper: dates, a comma, brackets.
  rest = rest.replace(/\s*(?:\(|,|;| from | until | since | to \d| in \d| \d{4}).*$/, '');
  let acting = false;
  if (/^acting\s/i.test(rest)) {
    acting = true;
    rest = rest.replace(/^acting\s+/i, '');
  }
  let of: string | undefined;
  let at: string | undefined;
  // "Bolivian Chargé", "Panamanian Permanent Representative": the state before the title.
  const first = /^([A-Z][\p{L}.]+(?: [A-Z][\p{L}.]+)?)\s+(.*)$/u.exec(rest);
  if (first) {
    const state = stateOf(first[1]!) ?? (first[1]!.includes(' ') ? stateOf(first[1]!.split(' ')[0]!) : undefined);
    if (state && (ADJECTIVES.has(first[1]!.toLowerCase()) || ADJECTIVES.has(first[1]!.split(' ')[0]!.toLowerCase()))) {
      of = state;
      rest = ADJECTIVES.has(first[1]!.toLowerCase()) ? first[2]! : rest.slice(first[1]!.split(' ')[0]!.length + 1);
    }
  }
  // "… to the United States", "… in Bolivia", "… at Habana".
  const where = /^(.*?)\s+(?:to|in|at)\s+(.+)$/.exec(rest);
  if (where && !/^(?:large)$/i.test(where[2]!)) {
    at = stateOf(where[2]!) ?? where[2]!.replace(/^the\s+/i, '').toLowerCase();
    rest = where[1]!;
  }
  // "… of Chile", "… of the Union of Soviet Socialist Republics", but "Secretary of State" is one title.
  const belongs = /^(.*?)\s+of\s+(.+)$/.exec(rest);
  if (belongs) {
    const state = stateOf(belongs[2]!);
    if (state) {
      of = state;
      rest = belongs[1]!;
    } else if (!DEPARTMENTS.test(belongs[2]!.toLowerCase())) {
      // "Counselor of the Bolivian Embassy": the state its adjective names.
      const adjective = belongs[2]!.split(' ').find((w) => ADJECTIVES.has(w.toLowerCase()));
      if (adjective) {
        of = ADJECTIVES.get(adjective.toLowerCase());
        rest = belongs[1]!;
      }
    }
  }
  const title = normaliseTitle(rest);
  return title ? { title, acting, of, at } : undefined;
}

function normaliseTitle(text: string): string {
  return text.toLowerCase().replace(/\bchargé\b(?! d'affaires)/g, "chargé d'affaires").replace(/^the\s+/, '').trim();
}

/**
 * Whether a record's office fits an office named in the text: the same title, or the text's
 * short form of it ("Under Secretary" for "Under Secretary of State"); the same state where the
 * text names one. An ambassador sent "to" a state with no state of his own serves the United
 * States (FRUS prints its own officials so).
 */
export function officeFits(named: Office, held: Office): boolean {
  if (named.acting && !held.acting) return false;
  if (!(held.title === named.title || held.title.startsWith(`${named.title} of `))) return false;
  const heldOf = held.of ?? (held.at ? 'united states' : undefined);
  if (named.of && heldOf !== named.of) return false;
  if (named.at && held.at !== named.at) return false;
  // "the Ambassador" (no state) fits any ambassador; "the Soviet Ambassador" needs the Soviet one.
  return true;
}
