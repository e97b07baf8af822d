/**
 * Printers: the configured list with live status (N-GET Printer polls arrive as
 * 'printer-status' events), each printer's profile capabilities (the layout picker and the
 * print dialog offer only these), and the settings actions (save, remove, default, echo,
 * capability detection).
 */
import { defineStore } from 'pinia';
import { api } from '../api/index.js';
import type {
  DetectedCapabilities, EchoView, NodeAddress, PrinterCapabilities, PrinterConfig, PrinterProfileInfo, PrinterStatusView, PrinterView, WorkstationEvent,
} from '../api/index.js';

export type StatusKey = 'NORMAL' | 'WARNING' | 'FAILURE' | 'UNKNOWN' | 'OFFLINE';

/** One word for the status light: unreachable beats everything; no level = unknown. */
export function statusKey(s: PrinterStatusView | undefined): StatusKey {
  if (!s) return 'UNKNOWN';
  if (!s.reachable) return 'OFFLINE';
  return s.level ?? 'UNKNOWN';
}

export const usePrinters = defineStore('printers', {
  state: () => ({
    list: [] as PrinterView[],
    profiles: [] as PrinterProfileInfo[],
    capabilities: {} as Record<string, PrinterCapabilities>,
    loading: false,
  }),
  getters: {
    defaultPrinter(state): PrinterView | undefined { return state.list.find((p) => p.isDefault) ?? state.list[0]; },
    byId(state) { return (id: string | undefined): PrinterView | undefined => state.list.find((p) => p.id === id); },
  },
  actions: {
    async load() {
      this.loading = true;
      try {
        this.list = await api().call('printers:list', {});
      } finally {
        this.loading = false;
      }
    },
    async loadProfiles() {
      this.profiles = await api().call('printers:profiles', {});
    },
    async loadCapabilities(printerId: string, force = false): Promise<PrinterCapabilities> {
      const have = this.capabilities[printerId];
      if (have && !force) return have;
      const c = await api().call('printers:capabilities', { printerId });
      this.capabilities[printerId] = c;
      return c;
    },
    async save(printer: Omit<PrinterConfig, 'id'> & { id?: string }): Promise<PrinterView> {
      const saved = await api().call('printers:save', { printer });
      const i = this.list.findIndex((p) => p.id === saved.id);
      if (i >= 0) this.list[i] = saved; else this.list.push(saved);
      delete this.capabilities[saved.id];
      return saved;
    },
    async remove(printerId: string) {
      await api().call('printers:remove', { printerId });
      this.list = this.list.filter((p) => p.id !== printerId);
    },
    async setDefault(printerId: string) {
      this.list = await api().call('printers:setDefault', { printerId });
    },
    async refreshStatus(printerId: string): Promise<PrinterStatusView> {
      const status = await api().call('printers:status', { printerId });
      this.applyStatus(printerId, status);
      return status;
    },
    applyStatus(printerId: string, status: PrinterStatusView) {
      const p = this.list.find((x) => x.id === printerId);
      if (p) p.status = status;
    },
    echo(target: { printerId: string } | { address: NodeAddress }): Promise<EchoView> {
      return api().call('printers:echo', target);
    },
    detect(address: NodeAddress): Promise<DetectedCapabilities> {
      return api().call('printers:detect', { address });
    },
    handleEvent(e: WorkstationEvent) {
      if (e.type === 'printer-status') this.applyStatus(e.printerId, e.status);
      if (e.type === 'settings-changed') void this.load();
    },
  },
});
