import { describe, expect, it } from 'vitest';
import { loadPrinterProfile } from '../../../../core/film/printer-profile.js';
import { filmBoxAttributesFor, presentationLutFor, sessionAttributesFor, displayFormatSupported } from '../../../../core/services/print-scu/profile-request.js';
import { describePrinterStatusInfo, describePrinterStatus } from '../../../../core/services/print-scu/printer-status-info.js';

describe('profile -> attributes', () => {
  it('unset attributes take the profile default; optional ones only when the printer accepts them', async () => {
    const restricted = await loadPrinterProfile('IHERESTRICTED');
    const fb = filmBoxAttributesFor(restricted, 'STANDARD\\1,1', { smoothingType: 'MEDIUM', minDensity: 20, trim: true });
    expect(fb.value).toEqual({ imageDisplayFormat: 'STANDARD\\1,1', filmOrientation: 'PORTRAIT', filmSizeId: '8INX10IN', magnificationType: 'REPLICATE', maxDensity: 320 });
    expect(fb.warnings).toHaveLength(3);
    expect(sessionAttributesFor(restricted, {}).value).toEqual({ numberOfCopies: 1, mediumType: 'STOREDPRINT', filmDestination: 'STOREDPRINT' });
    const full = await loadPrinterProfile('IHEFULL');
    const f2 = filmBoxAttributesFor(full, 'STANDARD\\2,2', { trim: false, filmSizeId: '14inx17in' });
    expect(f2.value).toMatchObject({ filmSizeId: '14INX17IN', smoothingType: 'NONE', minDensity: 20, maxDensity: 320, trim: false, requestedResolutionId: 'STANDARD', borderDensity: '150' });
  });

  it('a value the printer does not list is refused with the values it does list', async () => {
    const full = await loadPrinterProfile('IHEFULL');
    expect(() => sessionAttributesFor(full, { mediumType: 'MAMMO BLUE FILM' })).toThrow(/does not accept medium type 'MAMMO BLUE FILM' \(it accepts: PAPER, CLEAR FILM, BLUE FILM\)/);
  });

  it('Presentation LUT placement follows the profile (AGFA: film session, CP-173)', async () => {
    expect(presentationLutFor(await loadPrinterProfile('AGFA'), {})).toEqual({ shape: 'IDENTITY', placement: 'film-session' });
    expect(presentationLutFor(await loadPrinterProfile('KODAK'), {})).toEqual({ shape: 'IDENTITY', placement: 'film-box' });
    expect(presentationLutFor(await loadPrinterProfile('GENERIC'), {})).toBeUndefined();
  });

  it('display formats: landscape swaps C,R of the portrait list', async () => {
    const kodak = await loadPrinterProfile('KODAK');
    expect(displayFormatSupported(kodak, 'STANDARD\\2,1', 'PORTRAIT')).toBe(false);
    expect(displayFormatSupported(kodak, 'STANDARD\\2,1', 'LANDSCAPE')).toBe(true);
    expect(displayFormatSupported(await loadPrinterProfile('IHERESTRICTED'), 'STANDARD\\2,2', 'PORTRAIT')).toBe(false);
  });
});

describe('printer status info in words (PS3.3 C.13.9.1)', () => {
  it('known, size variants and unknown vendor terms', () => {
    expect(describePrinterStatusInfo('FILM JAM')).toMatchObject({ known: true, text: 'Film is jammed in the printer.' });
    expect(describePrinterStatusInfo('EMPTY 14X17 BLUE')).toMatchObject({ known: true, text: 'Out of 14 x 17 in blue film.' });
    expect(describePrinterStatusInfo('LOW 8X10')?.text).toBe('Running low on 8 x 10 in film.');
    expect(describePrinterStatusInfo('XYZ 42')).toMatchObject({ known: false, text: 'The printer reports "XYZ 42".' });
    expect(describePrinterStatusInfo('')).toBeUndefined();
    expect(describePrinterStatus('FAILURE')).toBe('Not able to print');
  });
});
