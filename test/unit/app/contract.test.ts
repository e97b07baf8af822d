/** The contract's runtime validators: every channel has one, and malformed payloads are refused with the reason. */
import { describe, expect, it } from 'vitest';
import { bridgeName, CHANNELS, isChannel, REQUEST_SCHEMAS, validateRequest } from '../../../core/app/contract.js';
import { ApiError } from '../../../core/app/errors.js';
import { parse, v } from '../../../core/app/validate.js';
import type { FilmDocument } from '../../../core/app/contract-types.js';

const film: FilmDocument = {
  version: 1, filmSizeId: '14INX17IN', orientation: 'PORTRAIT', displayFormat: 'STANDARD\\2,2', mode: 'per-box',
  boxes: [{ image: { sopInstanceUid: '1.2.3', frame: 0 }, view: {} }, null, null, null], annotations: [], options: { copies: 1 },
};

function problems(channel: Parameters<typeof validateRequest>[0], payload: unknown): string[] {
  try {
    validateRequest(channel, payload);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('BAD_REQUEST');
    return (err as ApiError).details;
  }
}

describe('contract validators', () => {
  it('has one validator per channel and domain:verb names', () => {
    expect(CHANNELS.length).toBe(Object.keys(REQUEST_SCHEMAS).length);
    expect(CHANNELS.length).toBeGreaterThanOrEqual(40);
    for (const c of CHANNELS) expect(c).toMatch(/^[a-z]+:[a-zA-Z]+$/);
    expect(isChannel('studies:list')).toBe(true);
    expect(isChannel('constructor')).toBe(false);
    expect(isChannel('__proto__')).toBe(false);
  });

  it('turns channels into the preload function names', () => {
    expect(bridgeName('studies:list')).toBe('studiesList');
    expect(bridgeName('queue:confirmUncertain')).toBe('queueConfirmUncertain');
    expect(new Set(CHANNELS.map(bridgeName)).size).toBe(CHANNELS.length);
  });

  it('accepts well-formed requests', () => {
    expect(problems('studies:list', {})).toEqual([]);
    expect(problems('app:info', undefined)).toEqual([]);
    expect(problems('studies:list', { query: { text: '山田', dateFrom: '20240101', limit: 10 } })).toEqual([]);
    expect(problems('films:fill', { film, source: { kind: 'series', seriesInstanceUid: '1.2.840.1' }, options: { startBox: 1 } })).toEqual([]);
    expect(problems('print:submit', { films: [film], options: { copies: 2, bits: 12 } })).toEqual([]);
    expect(problems('printers:echo', { address: { host: '10.0.0.5', port: 104, calledAeTitle: 'DRYSTAR' } })).toEqual([]);
  });

  it('refuses wrong types, unknown fields, missing fields and out-of-range values', () => {
    expect(problems('studies:get', {})).toEqual(['$.studyInstanceUid: required']);
    expect(problems('studies:get', { studyInstanceUid: 42 })[0]).toMatch(/expected a string/);
    expect(problems('studies:get', { studyInstanceUid: '1.2.3', extra: true })).toEqual(['$.extra: unknown field']);
    expect(problems('studies:get', { studyInstanceUid: '1.2.3; DROP TABLE' })[0]).toMatch(/DICOM UID/);
    expect(problems('studies:get', { studyInstanceUid: '1'.repeat(65) })[0]).toMatch(/longer than 64/);
    expect(problems('studies:get', null)[0]).toMatch(/expected an object/);
    expect(problems('studies:get', [])[0]).toMatch(/expected an object/);
    expect(problems('app:info', { x: 1 })).toEqual(['$.x: unknown field']);
    expect(problems('queue:confirmUncertain', { jobId: 'j1', filmIndex: -1, printed: 'yes' })).toEqual([
      '$.filmIndex: must be at least 0', '$.printed: expected true or false, got string "yes"',
    ]);
    expect(problems('print:submit', { films: [], options: { copies: 1000 } })).toEqual(['$.films: needs at least 1 entries', '$.options.copies: must be at most 99']);
    expect(problems('printers:save', { printer: { name: 'x', kind: 'dicom', host: 'a b', port: 70000, calledAeTitle: 'A\\B', profile: 'generic-1' } }).length).toBe(4);
    expect(problems('printers:echo', {})).toEqual(['$: give either printerId or address']);
    expect(problems('films:fill', { film, source: { kind: 'everything' } })[0]).toMatch(/\$\.source\.kind: must be one of/);
    expect(problems('settings:set', { patch: { aeTitle: '12345678901234567' } })[0]).toMatch(/longer than 16/);
    expect(problems('settings:set', { patch: { language: 'fr' } })[0]).toMatch(/one of "auto", "ja", "en"/);
    expect(problems('pacs:findStudies', { nodeId: 'p', query: { studyDate: 'yesterday' } })[0]).toMatch(/date or range/);
    expect(problems('studies:list', { query: { limit: Infinity } })[0]).toMatch(/finite number/);
  });

  it('checks film documents with the film schema and semantics', () => {
    expect(problems('films:validate', { film: { ...film, boxes: [null] } })[0]).toMatch(/4 boxes/);
    expect(problems('films:validate', { film: { ...film, filmSizeId: '99INX99IN' } })[0]).toMatch(/Film Size ID/);
    expect(problems('films:validate', { film: 'not a film' }).length).toBeGreaterThan(0);
    expect(problems('films:validate', { film })).toEqual([]);
  });

  it('bounds uploads and arrays before looking inside', () => {
    expect(problems('import:upload', { files: [{ name: 'a.dcm', base64: 'not base64!' }] })[0]).toMatch(/base64/);
    expect(problems('import:paths', { paths: new Array(10_001).fill('/x') })).toEqual(['$.paths: more than 10000 entries']);
  });

  it('parse() returns the value typed and lists at most 50 item problems', () => {
    const s = v.object({ a: v.number(), b: v.optional(v.array(v.string())) });
    expect(parse(s, { a: 1 })).toEqual({ a: 1 });
    const many = parse.bind(undefined, v.array(v.number()), new Array(500).fill('x'));
    expect(many).toThrow(ApiError);
    try { many(); } catch (e) { expect((e as ApiError).details.length).toBeLessThanOrEqual(50); }
  });
});
