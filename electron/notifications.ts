/**
 * OS notifications for print results, so a technologist at another task learns that a
 * film came out or needs attention: one notification per film that fails or whose
 * outcome is uncertain, and one when a job ends (printed, failed, needs attention).
 * Each is shown once: the previous state of every job is remembered.
 */
import type { JobView, WorkstationEvent } from '../core/app/contract-types.js';
import type { UiLocale } from './locale.js';

export interface NotificationMessage {
  title: string;
  body: string;
  /** Failures stay on screen until dismissed where the OS supports it. */
  urgent: boolean;
}

const TEXT = {
  en: {
    done: (j: JobView) => ({ title: 'Printed', body: `${j.films.length} film${j.films.length === 1 ? '' : 's'} printed on ${j.printerName}.` }),
    failed: (j: JobView) => ({ title: 'Print failed', body: `${j.printerName}: ${j.lastError ?? 'the job could not be printed.'}` }),
    attention: (j: JobView) => ({ title: 'Print needs attention', body: `${j.printerName}: check the print queue.` }),
    filmFailed: (j: JobView, n: number, why?: string) => ({ title: `Film ${n} failed`, body: `${j.printerName}: ${why ?? 'not printed.'}` }),
    filmUncertain: (j: JobView, n: number) => ({ title: `Film ${n}: did it print?`, body: `${j.printerName} did not answer. Check the printer and confirm in the print queue.` }),
  },
  ja: {
    done: (j: JobView) => ({ title: '印刷完了', body: `${j.printerName} でフィルム ${j.films.length} 枚を印刷しました。` }),
    failed: (j: JobView) => ({ title: '印刷失敗', body: `${j.printerName}: ${j.lastError ?? '印刷できませんでした。'}` }),
    attention: (j: JobView) => ({ title: '印刷の確認が必要です', body: `${j.printerName}: 印刷キューを確認してください。` }),
    filmFailed: (j: JobView, n: number, why?: string) => ({ title: `フィルム ${n} の印刷失敗`, body: `${j.printerName}: ${why ?? '印刷されませんでした。'}` }),
    filmUncertain: (j: JobView, n: number) => ({ title: `フィルム ${n}: 印刷されましたか?`, body: `${j.printerName} から応答がありません。プリンタを確認し、印刷キューで確定してください。` }),
  },
} as const;

/** Messages for the change from `before` (undefined: first sight of the job) to `job`. */
export function jobNotifications(before: JobView | undefined, job: JobView, locale: UiLocale): NotificationMessage[] {
  const t = TEXT[locale];
  const out: NotificationMessage[] = [];
  for (const f of job.films) {
    const prev = before?.films.find((p) => p.index === f.index)?.state;
    if (f.state === prev) continue;
    if (f.state === 'failed') out.push({ ...t.filmFailed(job, f.index + 1, f.failure), urgent: true });
    else if (f.state === 'uncertain') out.push({ ...t.filmUncertain(job, f.index + 1), urgent: true });
  }
  if (job.state !== before?.state) {
    if (job.state === 'done') out.push({ ...t.done(job), urgent: false });
    else if (job.state === 'failed') out.push({ ...t.failed(job), urgent: true });
    else if (job.state === 'needs-attention') out.push({ ...t.attention(job), urgent: true });
  }
  return out;
}

/**
 * Watches job-progress events and shows notifications through `show`. A job first seen
 * already finished (e.g. the queue's list replayed at start) notifies nothing.
 */
export function watchPrintNotifications(
  subscribe: (listener: (event: WorkstationEvent) => void) => () => void,
  show: (message: NotificationMessage) => void,
  locale: () => UiLocale,
): () => void {
  const last = new Map<string, JobView>();
  return subscribe((event) => {
    if (event.type !== 'job-progress') return;
    const job = event.job;
    const before = last.get(job.id);
    last.set(job.id, job);
    if (!before && (job.state === 'done' || job.state === 'cancelled')) return;
    if (last.size > 1000) last.delete(last.keys().next().value as string);
    for (const m of jobNotifications(before, job, locale())) show(m);
  });
}
