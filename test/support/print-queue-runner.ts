/**
 * A print queue in a process of its own, for the crash test: it submits one job (unless the
 * queue folder already holds it) and prints until it is killed. Run with:
 *   node --import tsx test/support/print-queue-runner.ts QUEUE_DIR PORT CALLED_AET CT_FILE FILMS
 */
import { createFilmDocument, type FilmDocument } from '../../core/film/film-document.js';
import { loadImage } from '../../core/imaging/load-image.js';
import { JobStore } from '../../core/jobs/job-store.js';
import { PrintQueue } from '../../core/jobs/print-queue.js';
import { filePreparer } from '../../core/jobs/render-film-content.js';

const [queueDir, port, calledAeTitle, ct, films] = process.argv.slice(2);
if (!queueDir || !port || !calledAeTitle || !ct || !films) throw new Error('usage: QUEUE_DIR PORT CALLED_AET CT_FILE FILMS');

/** One image per film, each with its own window, so every printed film can be told apart by its pixels. */
function crashTestFilms(uid: string, count: number): FilmDocument[] {
  return Array.from({ length: count }, (_, i) => ({
    ...createFilmDocument({ displayFormat: 'STANDARD\\1,1', filmSizeId: '8INX10IN', options: { copies: 1 } }),
    boxes: [{ image: { sopInstanceUid: uid, frame: 0 }, view: { voi: { kind: 'window' as const, center: -500 + i * 150, width: 400 + i * 50 } } }],
  }));
}

const uid = (await loadImage(ct)).sopInstanceUid ?? '';
const store = new JobStore(queueDir);
const queue = new PrintQueue({ store, prepare: filePreparer(), retry: { baseMs: 200, maxMs: 1000, maxAttempts: 5 } });
queue.start();
if (store.loadAll().length === 0) {
  const job = queue.submit({
    printer: { name: calledAeTitle, host: '127.0.0.1', port: Number(port), calledAeTitle, callingAeTitle: 'FSCRASH', profile: 'IHEFULL' },
    films: crashTestFilms(uid, Number(films)), options: { bits: 8, filmSizeId: '8INX10IN' }, sources: { [uid]: ct },
  });
  process.stdout.write(`${job.id}\n`);
}
// Keep printing until killed.
setInterval(() => undefined, 1 << 30);
