// @vitest-environment happy-dom
/// <reference lib="dom" />
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import SeriesStrip from '../../../../renderer/src/components/SeriesStrip.vue';
import { DRAG_MIME } from '../../../../renderer/src/components/drag.js';
import type { InstanceSummary } from '../../../../core/app/contract-types.js';
import { installFakeApi, type FakeApi } from '../fake-api.js';
import { dataTransferWith, mountContext } from '../mount-helpers.js';

/** A 1,000-image series. Each test uses its own UIDs: the thumbnail cache is module-wide. */
function series(tag: string, n = 1000): InstanceSummary[] {
  return Array.from({ length: n }, (_, i) => ({
    sopInstanceUid: `1.2.${tag}.${i}`, sopClassUid: '1.2.840.10008.5.1.4.1.1.2', seriesInstanceUid: `1.2.${tag}`, studyInstanceUid: '1.2.3', instanceNumber: i + 1, numberOfFrames: null,
  }));
}

function rendered(w: VueWrapper): string[] {
  return w.findAll('.item').map((e) => e.attributes('data-instance') ?? '');
}

let fake: FakeApi;
beforeEach(() => {
  fake = installFakeApi({ 'images:thumbnail': ({ sopInstanceUid }) => ({ dataUrl: `data:image/png;base64,${btoa(sopInstanceUid)}`, width: 64, height: 64 }) });
});
enableAutoUnmount(afterEach);
afterEach(() => { vi.restoreAllMocks(); });

describe('SeriesStrip (virtualised)', () => {
  it('renders only the visible thumbnails of a 1,000-image series and asks only for those', async () => {
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(760); // 10 items of 76 px
    const ctx = mountContext();
    const list = series('a');
    const w = mount(SeriesStrip, { props: { instances: list }, global: ctx.global });
    await flushPromises();
    // 10 in view + 4 overscan after (none before at the start).
    expect(rendered(w)).toEqual(list.slice(0, 14).map((i) => i.sopInstanceUid));
    expect((w.find('.track').element as HTMLElement).style.width).toBe(`${1000 * 76}px`);
    await vi.waitFor(() => expect(w.findAll('.item img')).toHaveLength(14));
    const asked = (fake.callsTo('images:thumbnail') as Array<{ sopInstanceUid: string }>).map((c) => c.sopInstanceUid);
    expect(asked.sort()).toEqual(list.slice(0, 14).map((i) => i.sopInstanceUid).sort());
  });

  it('scrolling moves the window: items far behind leave the DOM, the ones in view appear at their offset', async () => {
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(760);
    const ctx = mountContext();
    const list = series('b');
    const w = mount(SeriesStrip, { props: { instances: list }, global: ctx.global });
    const strip = w.find('[data-testid="series-strip"]').element as HTMLElement;
    Object.defineProperty(strip, 'scrollLeft', { configurable: true, value: 500 * 76 });
    await w.find('[data-testid="series-strip"]').trigger('scroll');
    // items 496..513 (4 overscan each side of 500..509)
    expect(rendered(w)).toEqual(list.slice(496, 514).map((i) => i.sopInstanceUid));
    expect(rendered(w)).not.toContain(list[0]?.sopInstanceUid);
    const first = w.find('.item').element as HTMLElement;
    expect(first.style.left).toBe(`${496 * 76}px`);
    expect(w.find('.item .num').text()).toBe('497');
    await flushPromises();
    expect(fake.callsTo('images:thumbnail').length).toBeLessThanOrEqual(14 + 18);
  });

  it('vertical strips use the height and the item size given', async () => {
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(320);
    const ctx = mountContext();
    const w = mount(SeriesStrip, { props: { instances: series('c'), itemSize: 64, vertical: true }, global: ctx.global });
    await flushPromises();
    // ceil(320 / 64) = 5 in view + 4 overscan
    expect(w.findAll('.item')).toHaveLength(9);
    expect((w.find('.track').element as HTMLElement).style.height).toBe(`${1000 * 64}px`);
  });

  it('an image drags as a single-image payload for a film box', async () => {
    const ctx = mountContext();
    const list = series('d', 3);
    const w = mount(SeriesStrip, { props: { instances: list }, global: ctx.global });
    const dt = dataTransferWith();
    const item = w.findAll('.item')[2];
    if (!item) throw new Error('no item 2');
    await item.trigger('dragstart', { dataTransfer: dt });
    expect(JSON.parse(dt.getData(DRAG_MIME))).toEqual({ kind: 'images', images: [{ sopInstanceUid: '1.2.d.2', frame: 0, seriesInstanceUid: '1.2.d', studyInstanceUid: '1.2.3' }] });
  });
});
