// @vitest-environment happy-dom
/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { mount, type DOMWrapper, type VueWrapper } from '@vue/test-utils';
import LayoutPicker from '../../../../renderer/src/components/LayoutPicker.vue';

/** The layout button for a format (found by attribute value: a backslash in a CSS selector would be an escape). */
function byFormat(w: VueWrapper, format: string): DOMWrapper<Element> {
  const b = w.findAll('[data-format]').find((e) => e.attributes('data-format') === format);
  if (!b) throw new Error(`no layout ${format}`);
  return b;
}

function options(w: VueWrapper): Array<{ format: string | undefined; label: string; selected: string | undefined }> {
  return w.findAll('[role="option"]').map((b) => ({ format: b.attributes('data-format'), label: b.find('span').text(), selected: b.attributes('aria-selected') }));
}

describe('LayoutPicker', () => {
  it("offers only the printer profile's display formats, labelled columns x rows", () => {
    const w = mount(LayoutPicker, { props: { formats: ['1,1', '2,2', '3,4'], orientation: 'PORTRAIT', modelValue: 'STANDARD\\2,2' } });
    expect(options(w)).toEqual([
      { format: 'STANDARD\\1,1', label: '1×1', selected: 'false' },
      { format: 'STANDARD\\2,2', label: '2×2', selected: 'true' },
      { format: 'STANDARD\\3,4', label: '3×4', selected: 'false' },
    ]);
    expect(w.findAll('.layout.active')).toHaveLength(1);
  });

  it('draws STANDARD\\C,R as C columns by R rows (PS3.3 C.13.8)', () => {
    const w = mount(LayoutPicker, { props: { formats: ['3,4'], orientation: 'PORTRAIT', modelValue: '' } });
    const rects = byFormat(w, 'STANDARD\\3,4').findAll('rect');
    expect(rects).toHaveLength(12);
    const xs = new Set(rects.map((r) => r.attributes('x')));
    const ys = new Set(rects.map((r) => r.attributes('y')));
    expect(xs.size).toBe(3);
    expect(ys.size).toBe(4);
  });

  it('swaps columns and rows of profile formats in landscape and drops duplicates and non-formats', () => {
    const w = mount(LayoutPicker, { props: { formats: ['3,4', 'STANDARD\\3,4', 'ROW\\2,3', 'BOGUS\\9'], orientation: 'LANDSCAPE', modelValue: '' } });
    expect(options(w).map((o) => [o.format, o.label])).toEqual([['STANDARD\\4,3', '4×3'], ['ROW\\2,3', 'ROW 2,3']]);
    expect(byFormat(w, 'ROW\\2,3').findAll('rect')).toHaveLength(5);
    expect(w.find('svg').attributes('viewBox')).toBe('0 0 24 18');
  });

  it('offers the common formats when the profile does not restrict them', () => {
    const w = mount(LayoutPicker, { props: { formats: null, orientation: 'PORTRAIT', modelValue: '' } });
    expect(options(w).map((o) => o.format)).toEqual(['1,1', '1,2', '2,2', '2,3', '3,3', '3,4', '4,4', '4,5', '4,6', '5,6', '6,6'].map((f) => `STANDARD\\${f}`));
  });

  it('clicking a layout emits it and, through v-model, selects it', async () => {
    const w = mount(LayoutPicker, { props: { formats: ['1,1', '2,2'], orientation: 'PORTRAIT', modelValue: 'STANDARD\\1,1' } });
    await byFormat(w, 'STANDARD\\2,2').trigger('click');
    expect(w.emitted('update:modelValue')).toEqual([['STANDARD\\2,2']]);

    const Parent = defineComponent({
      setup() {
        const value = ref('STANDARD\\1,1');
        return () => h('div', [
          h(LayoutPicker, { formats: ['1,1', '2,2'], orientation: 'PORTRAIT', modelValue: value.value, 'onUpdate:modelValue': (v: string) => { value.value = v; } }),
          h('output', value.value),
        ]);
      },
    });
    const p = mount(Parent);
    await byFormat(p, 'STANDARD\\2,2').trigger('click');
    expect(p.find('output').text()).toBe('STANDARD\\2,2');
    expect(p.find('[aria-selected="true"]').attributes('data-format')).toBe('STANDARD\\2,2');
  });
});
