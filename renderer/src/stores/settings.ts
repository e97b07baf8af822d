/**
 * Settings (our AE title/port, PACS nodes, printers, annotation templates, language) and the
 * app info. Saving sends a patch; the facade answers with the whole settings.
 */
import { defineStore } from 'pinia';
import { api } from '../api/index.js';
import type { AppInfo, Language, Settings, SettingsPatch, WorkstationEvent } from '../api/index.js';

export const useSettings = defineStore('settings', {
  state: () => ({
    settings: null as Settings | null,
    info: null as AppInfo | null,
    connected: true,
    view: 'studies' as 'studies' | 'composer' | 'queue' | 'settings',
  }),
  getters: {
    language(state): Language { return state.settings?.language ?? 'auto'; },
  },
  actions: {
    async load() {
      const [settings, info] = await Promise.all([api().call('settings:get', {}), api().call('app:info', {})]);
      this.settings = settings;
      this.info = info;
    },
    async save(patch: SettingsPatch): Promise<Settings> {
      this.settings = await api().call('settings:set', { patch });
      return this.settings;
    },
    handleEvent(e: WorkstationEvent) {
      if (e.type === 'settings-changed') this.settings = e.settings;
      if (e.type === 'service-state' && this.info) {
        if (e.service === 'storage-scp') this.info.storage = { listening: e.listening, port: e.port, error: e.error };
        if (e.service === 'virtual-printer') this.info.virtualPrinter = { ...this.info.virtualPrinter, listening: e.listening, port: e.port, error: e.error };
      }
    },
  },
});
