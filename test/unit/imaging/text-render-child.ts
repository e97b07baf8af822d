/**
 * Run in a child process with FONTCONFIG_FILE set (fontconfig reads it once, at first
 * use): renders the texts given in argv[2] (JSON) and prints the masks as JSON.
 * argv[3] = 'shipped' passes our font file; 'none' passes no font file.
 */
import { renderText } from '../../../core/imaging/annotations.js';

const texts = JSON.parse(process.argv[2] ?? '[]') as string[];
const useFont = process.argv[3] === 'shipped';
const size = Number(process.argv[4] ?? '64');
const out = [];
for (const t of texts) {
  const m = await renderText(t, useFont ? { sizePx: size } : { sizePx: size, fontFile: '/nonexistent/none.ttf', family: 'Sans' });
  out.push({ text: t, width: m.width, height: m.height, alpha: Buffer.from(m.alpha).toString('base64') });
}
process.stdout.write(JSON.stringify(out));
