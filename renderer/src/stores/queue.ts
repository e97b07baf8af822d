/**
 * The print queue as the user sees it: jobs with their films and progress ('job-progress'
 * events replace a job's view), active vs. history, and the actions on a job.
 */
import { defineStore } from 'pinia';
import { api } from '../api/index.js';
import type { FilmDocument, JobState, JobView, PrintOptions, WorkstationEvent } from '../api/index.js';

const FINAL: readonly JobState[] = ['done', 'failed', 'cancelled'];

export function isFinalJob(j: Pick<JobView, 'state'>): boolean {
  return FINAL.includes(j.state);
}

/** Films printed (or confirmed printed) / all films, 0..1. */
export function jobProgress(j: JobView): number {
  if (!j.films.length) return 0;
  return j.films.filter((f) => f.state === 'printed').length / j.films.length;
}

/** Finished jobs stay in the active list this long, so the user sees them finish. */
export const RECENT_MS = 10 * 60_000;

export const useQueue = defineStore('queue', {
  state: () => ({ jobs: [] as JobView[], loading: false, now: Date.now() }),
  getters: {
    /** Newest first. */
    sorted(state): JobView[] { return [...state.jobs].sort((a, b) => b.createdAt.localeCompare(a.createdAt)); },
    /** Unfinished jobs, jobs with films to confirm, and jobs finished in the last RECENT_MS. */
    active(): JobView[] {
      return this.sorted.filter((j) => !isFinalJob(j) || j.films.some((f) => f.state === 'uncertain') || this.now - Date.parse(j.updatedAt) < RECENT_MS);
    },
    /** Every finished job (reprint from here). */
    history(): JobView[] { return this.sorted.filter((j) => isFinalJob(j)); },
    attentionCount(state): number { return state.jobs.filter((j) => j.state === 'needs-attention' || j.state === 'failed' || j.films.some((f) => f.state === 'uncertain')).length; },
  },
  actions: {
    async load() {
      this.loading = true;
      try { this.jobs = await api().call('queue:list', {}); this.now = Date.now(); } finally { this.loading = false; }
    },
    upsert(job: JobView) {
      this.now = Date.now();
      const i = this.jobs.findIndex((j) => j.id === job.id);
      if (i >= 0) this.jobs[i] = job; else this.jobs.push(job);
    },
    async submit(films: FilmDocument[], printerId: string | undefined, options: PrintOptions): Promise<JobView> {
      const job = await api().call('print:submit', { printerId, films, options });
      this.upsert(job);
      return job;
    },
    async cancel(jobId: string) { this.upsert(await api().call('queue:cancel', { jobId })); },
    async retry(jobId: string) { this.upsert(await api().call('queue:retry', { jobId })); },
    async reprint(jobId: string, filmIndexes?: number[]) { this.upsert(await api().call('queue:reprint', { jobId, filmIndexes })); },
    async confirmUncertain(jobId: string, filmIndex: number, printed: boolean) {
      this.upsert(await api().call('queue:confirmUncertain', { jobId, filmIndex, printed }));
    },
    handleEvent(e: WorkstationEvent) {
      if (e.type === 'job-progress') this.upsert(e.job);
    },
  },
});
