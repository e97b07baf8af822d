/**
 * Drag and drop payloads between the study panels and the film: one MIME type, JSON body.
 * A series or study dropped on the film fills boxes; images go onto one box; boxes reorder.
 */
import type { ImageRef } from '../api/index.js';

export const DRAG_MIME = 'application/x-filmstation';

export type DragPayload =
  | { kind: 'study'; studyInstanceUid: string }
  | { kind: 'series'; seriesInstanceUid: string; studyInstanceUid: string }
  | { kind: 'images'; images: ImageRef[] }
  | { kind: 'box'; film: number; box: number };

export function setDragPayload(e: DragEvent, p: DragPayload): void {
  if (!e.dataTransfer) return;
  e.dataTransfer.setData(DRAG_MIME, JSON.stringify(p));
  e.dataTransfer.setData('text/plain', p.kind);
  e.dataTransfer.effectAllowed = p.kind === 'box' ? 'move' : 'copy';
}

export function getDragPayload(e: DragEvent): DragPayload | undefined {
  const text = e.dataTransfer?.getData(DRAG_MIME);
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as DragPayload;
    return typeof v === 'object' && v !== null && typeof v.kind === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

export function hasDragPayload(e: DragEvent): boolean {
  return !!e.dataTransfer?.types.includes(DRAG_MIME);
}
