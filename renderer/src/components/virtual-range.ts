/**
 * The visible window of a fixed-size virtualised list: which items to render for a scroll
 * offset, with a few extra on each side so fast scrolling does not show holes.
 */
export function visibleRange(scroll: number, viewport: number, itemSize: number, count: number, overscan = 4): { start: number; end: number } {
  if (count <= 0 || itemSize <= 0) return { start: 0, end: 0 };
  const start = Math.min(count, Math.max(0, Math.floor(scroll / itemSize) - overscan));
  const end = Math.min(count, Math.ceil((scroll + viewport) / itemSize) + overscan);
  return { start, end: Math.max(start, end) };
}
