// @vitest-environment happy-dom
/// <reference lib="dom" />
import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import PrintDialog from '../../../../renderer/src/components/PrintDialog.vue';
import { useFilms } from '../../../../renderer/src/stores/films.js';
import { usePrinters } from '../../../../renderer/src/stores/printers.js';
import { useSettings } from '../../../../renderer/src/stores/settings.js';
import type { FilmDocument, PrinterCapabilities } from '../../../../core/app/contract-types.js';
import { installFakeApi, type FakeApi } from '../fake-api.js';
import { box, capabilities, emptyFilm, job, printer } from '../fixtures.js';
import { controlAfterLabel, mountContext, optionValues } from '../mount-helpers.js';

/** A profile with values no other profile in the tests has, so "offers only these" can fail. */
const CAPS: PrinterCapabilities = capabilities({
  filmSizes: [{ id: '14INX17IN', widthMm: 355.6, heightMm: 431.8, defined: true }, { id: '10INX12IN', widthMm: 254, heightMm: 304.8, defined: true }],
  mediumTypes: ['BLUE FILM', 'MAMMO CLEAR FILM'],
  magnificationTypes: ['REPLICATE', 'CUBIC'],
  filmDestinations: null,
  maxCopies: 5,
});

function filled(uids: string[]): FilmDocument {
  const f = emptyFilm();
  uids.forEach((u, i) => { f.boxes[i] = box(u); });
  return f;
}

let fake: FakeApi;
let caps: PrinterCapabilities;
beforeEach(() => {
  caps = CAPS;
  fake = installFakeApi({
    'printers:capabilities': () => caps,
    'printers:status': () => ({ reachable: true, level: 'NORMAL', summary: 'Ready', checkedAt: '2024-01-02T10:00:00Z', elapsedMs: 3 }),
    'films:relayout': ({ films, filmSizeId }) => ({ films: films.map((f) => ({ ...f, filmSizeId: filmSizeId ?? f.filmSizeId })) }),
    'print:submit': ({ printerId }) => job({ id: 'j9', printerId: printerId ?? '' }),
  });
});

/** Mounts the dialog over two films with images and one empty film, printer p1 selected. */
async function open(): Promise<{ w: VueWrapper; films: ReturnType<typeof useFilms> }> {
  const ctx = mountContext('en');
  const films = useFilms();
  films.films = [filled(['a', 'b']), filled(['c']), emptyFilm()];
  films.printerId = 'p1';
  usePrinters().list = [printer()];
  const w = mount(PrintDialog, { global: ctx.global });
  await flushPromises();
  return { w, films };
}

describe('PrintDialog', () => {
  it("offers only the printer profile's medium, magnification and film sizes", async () => {
    const { w } = await open();
    expect(fake.callsTo('printers:capabilities')).toEqual([{ printerId: 'p1' }]);
    expect(optionValues(w.find('[data-testid="print-film-size"]').element)).toEqual(['14INX17IN', '10INX12IN']);
    // '' is "printer default": the field is left out of the request.
    expect(optionValues(w.find('[data-testid="print-medium"]').element)).toEqual(['', 'BLUE FILM', 'MAMMO CLEAR FILM']);
    expect(optionValues(controlAfterLabel(w, 'Magnification'))).toEqual(['', 'REPLICATE', 'CUBIC']);
    // Not restricted by the profile: not offered at all.
    expect(controlAfterLabel(w, 'Destination')).toBeUndefined();
    expect(controlAfterLabel(w, 'Smoothing')).toBeUndefined();
    expect(optionValues(w.find('[data-testid="print-bits"]').element)).toEqual(['', '8']);
    expect(w.find('[data-testid="print-copies"]').attributes('max')).toBe('5');
  });

  it('hides medium and magnification when the profile lists none', async () => {
    caps = capabilities({ mediumTypes: null, magnificationTypes: null, supports12Bit: true });
    const { w } = await open();
    expect(w.find('[data-testid="print-medium"]').exists()).toBe(false);
    expect(controlAfterLabel(w, 'Magnification')).toBeUndefined();
    expect(optionValues(w.find('[data-testid="print-bits"]').element)).toEqual(['', '8', '12']);
  });

  it('shows how many films will print (films with images only)', async () => {
    const { w, films } = await open();
    expect(w.find('[data-testid="print-film-count"]').text()).toBe('2 films');
    films.films = [emptyFilm()];
    await flushPromises();
    expect(w.find('[data-testid="print-film-count"]').text()).toBe('No films');
    expect(w.find('[data-testid="print-submit"]').attributes('disabled')).toBeDefined();
  });

  it('changing the film size relayouts the composition (what is composed is what prints)', async () => {
    const { w, films } = await open();
    await w.find('[data-testid="print-film-size"]').setValue('10INX12IN');
    await flushPromises();
    const req = fake.callsTo('films:relayout') as Array<{ filmSizeId?: string; films: FilmDocument[] }>;
    expect(req).toHaveLength(1);
    expect(req[0]?.filmSizeId).toBe('10INX12IN');
    expect(films.film?.filmSizeId).toBe('10INX12IN');
  });

  it('submit sends print:submit with the chosen profile values and the films with images, then closes', async () => {
    const { w } = await open();
    await w.find('[data-testid="print-medium"]').setValue('MAMMO CLEAR FILM');
    const mag = controlAfterLabel(w, 'Magnification');
    if (!(mag instanceof HTMLSelectElement)) throw new Error('no magnification select');
    mag.value = 'CUBIC';
    mag.dispatchEvent(new Event('change'));
    await w.find('[data-testid="print-copies"]').setValue(2);
    await w.find('[data-testid="print-submit"]').trigger('click');
    await flushPromises();
    expect(fake.callsTo('print:submit')).toEqual([{
      printerId: 'p1',
      films: [filled(['a', 'b']), filled(['c'])],
      options: { copies: 2, mediumType: 'MAMMO CLEAR FILM', magnificationType: 'CUBIC', annotate: true },
    }]);
    expect(w.emitted('close')).toHaveLength(1);
    expect(useSettings().view).toBe('queue');
  });

  it('leaves printer-default fields out of the request', async () => {
    const { w } = await open();
    await w.find('[data-testid="print-submit"]').trigger('click');
    await flushPromises();
    expect((fake.callsTo('print:submit')[0] as { options: unknown }).options).toEqual({ copies: 1, annotate: true });
  });

  it('keeps the dialog open and shows the error when the facade refuses the job', async () => {
    fake.handlers['print:submit'] = () => { throw new Error('printer p1 is offline'); };
    const { w } = await open();
    await w.find('[data-testid="print-submit"]').trigger('click');
    await flushPromises();
    expect(w.emitted('close')).toBeUndefined();
    expect(w.find('.error-text').text()).toContain('printer p1 is offline');
    expect(useSettings().view).toBe('studies');
  });
});
