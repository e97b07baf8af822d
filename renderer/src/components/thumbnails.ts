/**
 * Thumbnail loading for the study panels: cached (bounded LRU), at most a few requests in
 * flight so a fast scroll through a 1,000-image series does not flood the facade, and
 * requests for thumbnails scrolled out of view are dropped before they are sent.
 */
import { api } from '../api/index.js';

const MAX_CACHE = 3000;
const MAX_IN_FLIGHT = 6;

const cache = new Map<string, string>();
const waiting: Array<{ key: string; run: () => void; cancelled: boolean }> = [];
let inFlight = 0;

function pump(): void {
  while (inFlight < MAX_IN_FLIGHT && waiting.length) {
    const job = waiting.shift();
    if (job && !job.cancelled) job.run();
  }
}

export interface ThumbRequest { promise: Promise<string>; cancel(): void }

export function cachedThumbnail(sopInstanceUid: string, frame = 0, maxSide = 128): string | undefined {
  return cache.get(`${sopInstanceUid}/${frame}/${maxSide}`);
}

/** A data URL for the image's thumbnail. cancel() drops it if it has not been sent yet. */
export function requestThumbnail(sopInstanceUid: string, frame = 0, maxSide = 128): ThumbRequest {
  const key = `${sopInstanceUid}/${frame}/${maxSide}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return { promise: Promise.resolve(hit), cancel: () => undefined };
  }
  let entry: { key: string; run: () => void; cancelled: boolean } | undefined;
  const promise = new Promise<string>((resolve, reject) => {
    entry = {
      key, cancelled: false,
      run: () => {
        inFlight++;
        api().call('images:thumbnail', { sopInstanceUid, frame, maxSide })
          .then((png) => {
            cache.set(key, png.dataUrl);
            if (cache.size > MAX_CACHE) cache.delete(cache.keys().next().value as string);
            resolve(png.dataUrl);
          }, reject)
          .finally(() => { inFlight--; pump(); });
      },
    };
    waiting.push(entry);
  });
  pump();
  return { promise, cancel: () => { if (entry) entry.cancelled = true; } };
}
