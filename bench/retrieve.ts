/**
 * Retrieve benchmark: a 500-instance CT study (test/fixtures CT1_UNC, Implicit VR LE, about
 * 0.5 MB each, new UIDs generated here) loaded into Orthanc through its REST API, then fetched
 * in the same run by
 *   - our C-MOVE to our Storage SCP (in this process; durability fsync and none),
 *   - our C-GET into our archive (durability none),
 *   - DCMTK movescu with a DCMTK storescp as move destination (-od, no fsync),
 *   - DCMTK getscu (-od, no fsync).
 * DCMTK tools and Orthanc get TCP_NODELAY=1 (without it DCMTK waits ~40 ms per message for
 * Nagle/delayed ACK). Every run retrieves into an empty folder; each run is checked to have
 * received all instances.
 *
 *   npx tsx bench/retrieve.ts [--count 500] [--only ours-move,ours-get,movescu,getscu]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Archive } from '../core/archive/archive.js';
import { StorageScp } from '../core/services/storage-scp.js';
import { retrieveScu } from '../core/services/query-retrieve-scu/retrieve.js';
import { freePort, run, waitForPort } from '../test/support/peers.js';
import { newStudyUids, variant } from '../test/unit/archive/dicom-variants.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE = join(ROOT, 'test/fixtures/dicom/ts/CT1_UNC.implicit_little_endian.dcm');
const ENV = { ...process.env, TCP_NODELAY: process.env.TCP_NODELAY ?? '1' };

const { values } = parseArgs({ options: { count: { type: 'string', default: '500' }, only: { type: 'string' } } });
const count = Math.max(1, Number(values.count) || 500);
const only = values.only?.split(',');
const want = (name: string): boolean => !only || only.includes(name);

function waitExit(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'fs-bench-retrieve-'));
  const children: ChildProcess[] = [];
  try {
    const ourPort = await freePort();
    const storescpPort = await freePort();
    const orthancPort = await freePort();
    const httpPort = await freePort();
    const orthancDir = join(work, 'orthanc');
    mkdirSync(orthancDir);
    writeFileSync(join(orthancDir, 'orthanc.json'), JSON.stringify({
      Name: 'bench', StorageDirectory: join(orthancDir, 'db'), IndexDirectory: join(orthancDir, 'db'), DicomAet: 'ORTHANC',
      DicomPort: orthancPort, HttpPort: httpPort, HttpServerEnabled: true, RemoteAccessAllowed: false, AuthenticationEnabled: false,
      DicomCheckCalledAet: false, Plugins: [], StorageCompression: false, DicomAlwaysAllowGet: true, DicomAlwaysAllowMove: true,
      DicomModalities: { FSBENCH: ['FSBENCH', '127.0.0.1', ourPort], STORESCP: ['STORESCP', '127.0.0.1', storescpPort] },
    }));
    const orthanc = spawn('Orthanc', [join(orthancDir, 'orthanc.json')], { stdio: 'ignore', cwd: orthancDir, env: ENV });
    children.push(orthanc);
    await waitForPort(orthancPort, 30_000);
    await waitForPort(httpPort, 30_000);

    // The study: `count` instances of one series, new SOP Instance UIDs, uploaded 8 at a time.
    const original = new Uint8Array(readFileSync(SOURCE));
    const uids = newStudyUids(original);
    const t0 = performance.now();
    let next = 0;
    let bytes = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < count) {
        next += 1;
        const v = variant(original, uids).bytes;
        bytes += v.length;
        const res = await fetch(`http://127.0.0.1:${httpPort}/instances`, { method: 'POST', body: new Blob([new Uint8Array(v)]) });
        if (!res.ok) throw new Error(`upload failed: ${res.status}`);
      }
    }));
    const mb = bytes / 1e6;
    console.log(`loaded ${count} instances (${mb.toFixed(0)} MB) into Orthanc in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const study = uids.studyInstanceUid;
    const rows: Array<{ name: string; seconds: number; received: number }> = [];
    const conn = { host: '127.0.0.1', port: orthancPort, calledAeTitle: 'ORTHANC', callingAeTitle: 'FSBENCH' };

    for (const durability of ['fsync', 'none'] as const) {
      if (!want('ours-move')) continue;
      const archive = Archive.open(join(work, `ours-move-${durability}`), { durability });
      const scp = new StorageScp({ aeTitle: 'FSBENCH', archive });
      await scp.listen(ourPort, '127.0.0.1');
      const t = performance.now();
      const r = await retrieveScu({ ...conn, method: 'move', studyInstanceUid: study, timeoutMs: 120_000 });
      const seconds = (performance.now() - t) / 1000;
      await scp.close({ graceful: true });
      rows.push({ name: `filmstation C-MOVE -> own SCP (${durability})`, seconds, received: archive.listInstances().length });
      if (!r.ok) console.log(`  not ok: ${JSON.stringify(r.series)} ${r.error?.message ?? ''}`);
      archive.close();
    }
    if (want('ours-get')) {
      const archive = Archive.open(join(work, 'ours-get'), { durability: 'none' });
      const t = performance.now();
      const r = await retrieveScu({ ...conn, method: 'get', archive, studyInstanceUid: study, timeoutMs: 120_000 });
      rows.push({ name: 'filmstation C-GET (none)', seconds: (performance.now() - t) / 1000, received: archive.listInstances().length });
      if (!r.ok) console.log(`  not ok: ${JSON.stringify(r.series)} ${r.error?.message ?? ''}`);
      archive.close();
    }
    if (want('movescu')) {
      const out = join(work, 'storescp');
      mkdirSync(out);
      const storescp = spawn('storescp', ['-aet', 'STORESCP', '-od', out, String(storescpPort)], { stdio: 'ignore', env: ENV });
      children.push(storescp);
      await waitForPort(storescpPort);
      const t = performance.now();
      const r = await run('movescu', ['-S', '-aet', 'MOVESCU', '-aec', 'ORTHANC', '-aem', 'STORESCP', '-k', 'QueryRetrieveLevel=STUDY',
        '-k', `StudyInstanceUID=${study}`, '127.0.0.1', String(orthancPort)], 600_000);
      const seconds = (performance.now() - t) / 1000;
      if (r.code !== 0) console.log(`  movescu: ${r.stderr}`);
      storescp.kill('SIGTERM');
      await waitExit(storescp);
      rows.push({ name: 'DCMTK movescu -> storescp', seconds, received: readdirSync(out).length });
    }
    if (want('getscu')) {
      const out = join(work, 'getscu');
      mkdirSync(out);
      const t = performance.now();
      const r = await run('getscu', ['-S', '-aet', 'GETSCU', '-aec', 'ORTHANC', '-od', out, '-k', 'QueryRetrieveLevel=STUDY',
        '-k', `StudyInstanceUID=${study}`, '127.0.0.1', String(orthancPort)], 600_000);
      const seconds = (performance.now() - t) / 1000;
      if (r.code !== 0) console.log(`  getscu: ${r.stderr}`);
      rows.push({ name: 'DCMTK getscu', seconds, received: readdirSync(out).length });
    }

    console.log(`\nretrieve of one ${count}-instance study (${mb.toFixed(0)} MB) from Orthanc ${process.env.TCP_NODELAY === undefined ? '(TCP_NODELAY=1 for DCMTK/Orthanc)' : ''}`);
    console.log(`${'method'.padEnd(42)} ${'seconds'.padStart(8)} ${'inst/s'.padStart(8)} ${'MB/s'.padStart(7)} received`);
    for (const r of rows) {
      console.log(`${r.name.padEnd(42)} ${r.seconds.toFixed(2).padStart(8)} ${(r.received / r.seconds).toFixed(0).padStart(8)} ${(mb * (r.received / count) / r.seconds).toFixed(1).padStart(7)} ${r.received}/${count}`);
    }
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
