/**
 * Person Name values (PS3.5 section 6.2.1): up to three component groups separated by
 * '=' (alphabetic, ideographic, phonetic), each of up to five components separated by
 * '^' (family, given, middle, prefix, suffix). The groups are kept apart: a Japanese
 * name's kanji group is not its alphabetic one.
 */
export interface PersonNameComponents {
  familyName: string;
  givenName: string;
  middleName: string;
  namePrefix: string;
  nameSuffix: string;
}

export interface PersonNameGroup extends PersonNameComponents {
  /** The group as written, e.g. 'Yamada^Tarou'. */
  text: string;
}

export interface PersonName {
  alphabetic: PersonNameGroup;
  ideographic: PersonNameGroup;
  phonetic: PersonNameGroup;
  /** The whole decoded value, e.g. 'Yamada^Tarou=山田^太郎=やまだ^たろう'. */
  text: string;
}

function parseGroup(text: string): PersonNameGroup {
  const c = text.split('^');
  return {
    text,
    familyName: c[0] ?? '',
    givenName: c[1] ?? '',
    middleName: c[2] ?? '',
    namePrefix: c[3] ?? '',
    // More than five components is invalid; keep the rest rather than lose it.
    nameSuffix: c.slice(4).join('^'),
  };
}

/** Parse one decoded Person Name value. */
export function parsePersonName(text: string): PersonName {
  const g = text.split('=');
  return {
    text,
    alphabetic: parseGroup(g[0] ?? ''),
    ideographic: parseGroup(g[1] ?? ''),
    phonetic: parseGroup(g.slice(2).join('=')),
  };
}

function formatGroup(c: Partial<PersonNameComponents>): string {
  const parts = [c.familyName ?? '', c.givenName ?? '', c.middleName ?? '', c.namePrefix ?? '', c.nameSuffix ?? ''];
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.join('^');
}

/** Build a Person Name value; trailing empty components and groups are dropped (PS3.5 6.2.1). */
export function formatPersonName(name: { alphabetic?: Partial<PersonNameComponents>; ideographic?: Partial<PersonNameComponents>;
  phonetic?: Partial<PersonNameComponents> }): string {
  const groups = [formatGroup(name.alphabetic ?? {}), formatGroup(name.ideographic ?? {}), formatGroup(name.phonetic ?? {})];
  while (groups.length > 0 && groups[groups.length - 1] === '') groups.pop();
  return groups.join('=');
}
