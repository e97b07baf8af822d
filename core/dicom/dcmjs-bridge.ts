/**
 * The few parts of dcmjs 0.51.1 we use, behind a typed face. dcmjs ships no type
 * declarations, so it is loaded with createRequire and narrowed to this interface here
 * (one place) instead of leaking `any` through the code base.
 */
import { createRequire } from 'node:module';

export interface DcmjsDictionaryEntry {
  readonly tag: string;
  /** A VR, or dcmjs's codes for ambiguous ones: 'xs' US/SS, 'ox' OB/OW, 'lt' US/OW, 'up' UL, 'na' items. */
  readonly vr: string;
  readonly vm: string;
  readonly name: string;
}

export interface DcmjsDicomDict {
  readonly meta: Record<string, unknown>;
  readonly dict: Record<string, unknown>;
}

export interface DcmjsModule {
  readonly data: {
    readonly DicomMetaDictionary: {
      /** Proxy keyed by '(GGGG,EEEE)'; includes repeating groups (60xx...). */
      readonly dictionary: Record<string, DcmjsDictionaryEntry | undefined>;
      readonly nameMap: Record<string, DcmjsDictionaryEntry | undefined>;
      naturalizeDataset(dict: Record<string, unknown>): Record<string, unknown>;
    };
    readonly DicomMessage: {
      readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): DcmjsDicomDict;
    };
  };
}

const require = createRequire(import.meta.url);
// The require() result is untyped; DcmjsModule describes the subset we call.
export const dcmjs = require('dcmjs') as DcmjsModule;
