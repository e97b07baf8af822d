// @vitest-environment happy-dom
/// <reference lib="dom" />
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import StudyBrowser from '../../../../renderer/src/views/StudyBrowser.vue';
import { useSettings } from '../../../../renderer/src/stores/settings.js';
import { useStudies } from '../../../../renderer/src/stores/studies.js';
import type { StudySummary } from '../../../../core/app/contract-types.js';
import { installFakeApi, type FakeApi } from '../fake-api.js';
import { study } from '../fixtures.js';
import { mountContext } from '../mount-helpers.js';

const YAMADA = study({ studyInstanceUid: '1.2.392.1', patientName: '山田^太郎', patientId: 'JP001' });
const FULL = study({ studyInstanceUid: '1.2.392.2', patientName: 'Yamada^Hanako=山田^花子=やまだ^はなこ', patientId: 'JP002' });

let fake: FakeApi;
let archive: StudySummary[];
beforeEach(() => {
  archive = [YAMADA, FULL];
  fake = installFakeApi({
    'studies:list': ({ query }) => archive.filter((s) => !query?.text || s.patientName.includes(query.text)),
    'studies:get': ({ studyInstanceUid }) => ({ study: archive.find((s) => s.studyInstanceUid === studyInstanceUid) ?? YAMADA, series: [] }),
  });
});
enableAutoUnmount(afterEach);

describe('StudyBrowser in Japanese', () => {
  it('shows 山田^太郎 as "山田 太郎", kanji first for a three-group name, with Japanese labels', async () => {
    const ctx = mountContext('ja');
    await useStudies().search();
    const w = mount(StudyBrowser, { global: ctx.global });
    await flushPromises();
    expect(w.findAll('[data-testid="patient-name"]').map((e) => e.text())).toEqual(['山田 太郎', '山田 花子 (Yamada Hanako)']);
    expect(w.find('th').text()).toBe('患者氏名');
    expect(w.find('[data-testid="study-count"]').text()).toBe('2 件の検査');
  });

  it('the same names read alphabetic first in English', async () => {
    const ctx = mountContext('en');
    await useStudies().search();
    const w = mount(StudyBrowser, { global: ctx.global });
    await flushPromises();
    expect(w.findAll('[data-testid="patient-name"]').map((e) => e.text())).toEqual(['山田 太郎', 'Yamada Hanako (山田 花子)']);
  });

  it('typing a Japanese name searches the archive with it and lists the match', async () => {
    const ctx = mountContext('ja');
    const w = mount(StudyBrowser, { global: ctx.global });
    expect(w.findAll('[data-testid="patient-name"]')).toHaveLength(0);
    await w.find('[data-testid="study-search"]').setValue(' 太郎 ');
    // The search box is debounced (200 ms).
    await vi.waitFor(() => expect(fake.callsTo('studies:list')).toEqual([{ query: { text: '太郎' } }]), { timeout: 2000 });
    await flushPromises();
    expect(w.findAll('[data-testid="patient-name"]').map((e) => e.text())).toEqual(['山田 太郎']);
    expect(w.find('[data-testid="study-count"]').text()).toBe('1 件の検査');
  });

  it('selecting a row loads the study and shows the name in the detail panel; to-composer switches view', async () => {
    const ctx = mountContext('ja');
    await useStudies().search();
    const w = mount(StudyBrowser, { global: ctx.global });
    await flushPromises();
    await w.find('tr[data-study="1.2.392.1"]').trigger('click');
    await flushPromises();
    expect(fake.callsTo('studies:get')).toEqual([{ studyInstanceUid: '1.2.392.1' }]);
    expect(w.find('[data-testid="detail-name"]').text()).toBe('山田 太郎');
    expect(w.find('tr.selected').attributes('data-study')).toBe('1.2.392.1');
    await w.find('[data-testid="to-composer"]').trigger('click');
    await flushPromises();
    expect(useSettings().view).toBe('composer');
    expect(useStudies().working.map((d) => d.study.patientName)).toEqual(['山田^太郎']);
  });
});
