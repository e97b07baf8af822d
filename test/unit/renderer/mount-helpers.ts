/**
 * Helpers for mounted component tests: a fresh Pinia (also made active, so a test can drive
 * the stores the component uses) plus the app's vue-i18n in a chosen locale, and a DataTransfer
 * carrying a Filmstation drag payload the way the real drag sources write it.
 */
/// <reference lib="dom" />
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import type { DOMWrapper, VueWrapper } from '@vue/test-utils';
import { createAppI18n, type AppI18n, type Locale } from '../../../renderer/src/i18n/index.js';
import { setDragPayload, type DragPayload } from '../../../renderer/src/components/drag.js';

export interface MountContext { pinia: Pinia; i18n: AppI18n; global: { plugins: [Pinia, AppI18n] } }

export function mountContext(locale: Locale = 'en'): MountContext {
  const pinia = createPinia();
  setActivePinia(pinia);
  const i18n = createAppI18n(locale);
  return { pinia, i18n, global: { plugins: [pinia, i18n] } };
}

/** Minimal DataTransfer (happy-dom has no DragEvent; the payload travels on the event object). */
export function dataTransferWith(payload?: DragPayload, plain?: string): DataTransfer {
  const data = new Map<string, string>();
  const dt = {
    dropEffect: 'none', effectAllowed: 'uninitialized', files: [] as unknown as FileList, items: [] as unknown as DataTransferItemList,
    get types(): string[] { return [...data.keys()]; },
    setData: (format: string, value: string): void => { data.set(format, value); },
    getData: (format: string): string => data.get(format) ?? '',
    clearData: (): void => data.clear(),
    setDragImage: (): void => undefined,
  } as unknown as DataTransfer; // only the members drag.ts and the components use
  // Written through the app's own drag source code, so the test follows its MIME type and JSON.
  if (payload) setDragPayload({ dataTransfer: dt } as DragEvent, payload);
  if (plain !== undefined) dt.setData('text/plain', plain);
  return dt;
}

/** Dispatches a cancelable drag event carrying `dt`; returns whether the component accepted it (preventDefault). */
export function dispatchDrag(el: Element, type: 'dragover' | 'drop', dt: DataTransfer): boolean {
  const ev = new Event(type, { bubbles: true, cancelable: true });
  Object.defineProperty(ev, 'dataTransfer', { value: dt });
  el.dispatchEvent(ev);
  return ev.defaultPrevented;
}

/** The form control that follows a <label> with this exact text (the dialogs lay out label, control pairs). */
export function controlAfterLabel(w: VueWrapper | DOMWrapper<Element>, text: string): HTMLElement | undefined {
  const label = w.findAll('label').find((l) => l.text() === text);
  const next = label?.element.nextElementSibling;
  return next instanceof HTMLElement ? next : undefined;
}

export function optionValues(select: Element | undefined): string[] {
  return select ? [...select.querySelectorAll('option')].map((o) => o.value) : [];
}
