/**
 * Display formatting for DICOM values: Person Name (PS3.5 6.2, component groups
 * alphabetic=ideographic=phonetic, components separated by '^'), DA dates.
 */

/** The three component groups of a PN value. */
export function personNameGroups(pn: string): { alphabetic: string; ideographic: string; phonetic: string } {
  const [a = '', i = '', p = ''] = pn.split('=');
  const tidy = (g: string): string => g.split('^').map((s) => s.trim()).filter(Boolean).join(' ');
  return { alphabetic: tidy(a), ideographic: tidy(i), phonetic: tidy(p) };
}

/**
 * How a name reads for the user: in Japanese the ideographic (kanji) form first, in English
 * the alphabetic form first, the other one in brackets when both exist.
 */
export function formatPersonName(pn: string, locale: string): string {
  const g = personNameGroups(pn);
  const [first, second] = locale.startsWith('ja') ? [g.ideographic || g.phonetic, g.alphabetic] : [g.alphabetic, g.ideographic || g.phonetic];
  if (first && second && first !== second) return `${first} (${second})`;
  return first || second || '';
}

/** 'YYYYMMDD' -> 'YYYY-MM-DD' (ISO, unambiguous in both languages). */
export function formatDate(da: string): string {
  return /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : da;
}

/** 'HHMMSS.frac' -> 'HH:MM'. */
export function formatTime(tm: string): string {
  return /^\d{4}/.test(tm) ? `${tm.slice(0, 2)}:${tm.slice(2, 4)}` : tm;
}

/** ISO timestamp -> local 'YYYY-MM-DD HH:MM:SS'. */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
