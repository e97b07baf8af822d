/**
 * Routes the Workstation's one event stream to the stores (wired once at start-up).
 */
import { api } from '../api/index.js';
import { usePrinters } from './printers.js';
import { useQueue } from './queue.js';
import { useSettings } from './settings.js';
import { useStudies } from './studies.js';

export function connectEvents(): () => void {
  const studies = useStudies();
  const printers = usePrinters();
  const queue = useQueue();
  const settings = useSettings();
  const offEvents = api().on((e) => {
    studies.handleEvent(e);
    printers.handleEvent(e);
    queue.handleEvent(e);
    settings.handleEvent(e);
  });
  const offConn = api().onConnection((c) => { settings.connected = c; });
  return () => { offEvents(); offConn(); };
}
