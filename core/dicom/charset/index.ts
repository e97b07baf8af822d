/** Character sets (PS3.3 C.12.1.1.2, PS3.5 section 6.1): decode, encode, choose. */
export { decodeText, type WarningSink } from './decode.js';
export { encodeString, type EncodeOptions } from './encode.js';
export { chooseSpecificCharacterSet, type ChooseOptions } from './choose.js';
export { resolveCharset, DEFINED_TERMS, type ResolvedCharset, type CharsetKind } from './terms.js';
