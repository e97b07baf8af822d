/**
 * A dcmjs-style "naturalized" view (keyword -> value) built from our own reader, so
 * it works where dcmjs's DicomMessage.readFile does not (multi-valued Japanese
 * character sets, files without meta header) and needs no second parse. Shape follows
 * dcmjs.data.DicomMetaDictionary.naturalizeDataset: one value -> scalar, several ->
 * array; Person Names -> [{ Alphabetic, Ideographic?, Phonetic? }]; sequences ->
 * arrays of objects; binary VRs -> [Uint8Array] (views, not copies). Tags without a
 * keyword (private) are keyed 'GGGGEEEE'.
 */
import type { DicomDataset } from './dataset.js';
import { keywordOf } from './dictionary.js';
import { tagGroup } from './tag.js';

export type NaturalValue = string | number | NaturalValue[] | NaturalDataset | Uint8Array | PersonNameObject;
export interface NaturalDataset {
  [keyword: string]: NaturalValue | undefined;
}
export interface PersonNameObject {
  Alphabetic?: string;
  Ideographic?: string;
  Phonetic?: string;
}

const BINARY = new Set(['OB', 'OW', 'OD', 'OF', 'OL', 'OV', 'UN']);
const NUMERIC = new Set(['US', 'SS', 'UL', 'SL', 'FL', 'FD', 'SV', 'UV', 'IS', 'DS']);

function unwrap<T extends NaturalValue>(values: T[]): NaturalValue | undefined {
  if (values.length === 0) return undefined;
  return values.length === 1 ? values[0] : values;
}

export function naturalize(ds: DicomDataset, maxDepth = 32): NaturalDataset {
  const out: NaturalDataset = {};
  for (const e of ds.elements) {
    if (tagGroup(e.tag) === 0x0002) continue; // meta elements belong to the file, not the data set
    const key = keywordOf(e.tag) ?? (e.tag >>> 0).toString(16).toUpperCase().padStart(8, '0');
    if (e.items || (e.vr === 'UN' && ds.sequence(e.tag).length > 0)) {
      out[key] = maxDepth > 0 ? ds.sequence(e.tag).map((item) => naturalize(item, maxDepth - 1)) : [];
    } else if (e.fragments) {
      out[key] = e.fragments.slice(1);
    } else if (e.vr === 'PN') {
      out[key] = ds.personNames(e.tag).map((p) => {
        const o: PersonNameObject = { Alphabetic: p.alphabetic.text };
        if (p.ideographic.text) o.Ideographic = p.ideographic.text;
        if (p.phonetic.text) o.Phonetic = p.phonetic.text;
        return o;
      });
    } else if (BINARY.has(e.vr)) {
      out[key] = e.value ? [e.value] : [];
    } else if (NUMERIC.has(e.vr)) {
      out[key] = unwrap(ds.numbers(e.tag));
    } else {
      out[key] = unwrap(ds.strings(e.tag));
    }
  }
  return out;
}
