/**
 * Toasts: short plain-language notices (import done, job queued, errors) shown by App.vue.
 * Errors from the API carry the facade's message, already meant for people.
 */
import { defineStore } from 'pinia';

export interface Toast { id: number; kind: 'info' | 'error'; text: string }

let nextId = 1;

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export const useMessages = defineStore('messages', {
  state: () => ({ toasts: [] as Toast[] }),
  actions: {
    info(text: string, ms = 4000) { this.push('info', text, ms); },
    error(e: unknown, ms = 8000) { this.push('error', errorText(e), ms); },
    push(kind: Toast['kind'], text: string, ms: number) {
      const id = nextId++;
      this.toasts.push({ id, kind, text });
      if (this.toasts.length > 5) this.toasts.shift();
      setTimeout(() => this.dismiss(id), ms);
    },
    dismiss(id: number) { this.toasts = this.toasts.filter((t) => t.id !== id); },
  },
});
