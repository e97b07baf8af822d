/**
 * Peers for the Query/Retrieve tests: Orthanc with a chosen character set and our Storage SCP
 * as a C-MOVE destination (loaded through its REST API), and DCMTK dcmqrscp with a config
 * file and an indexed storage area. Every process is bounded in time and stopped by the test.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, run, startOrthanc, startProcess, type RunningPeer } from '../support/peers.js';

/** A Q/R peer process (Orthanc, dcmqrscp): the same handle as every other test peer. */
export type QrPeer = RunningPeer;

export interface OrthancQr extends QrPeer { httpPort: number }

/** Orthanc as a PACS: C-FIND/C-MOVE/C-GET SCP, modalities = move destinations (AE -> [AE, host, port]). */
export async function startOrthancQr(opts: { aeTitle?: string; modalities?: Record<string, [string, string, number]>; defaultEncoding?: string } = {}): Promise<OrthancQr> {
  return startOrthanc({
    ...(opts.aeTitle ? { aeTitle: opts.aeTitle } : {}), ...(opts.modalities ? { modalities: opts.modalities } : {}),
    config: {
      Name: 'FilmstationQR', DefaultEncoding: opts.defaultEncoding ?? 'Utf8',
      DicomScpTimeout: 30, DicomAlwaysAllowGet: true, DicomAlwaysAllowMove: true, DicomAlwaysAllowFind: true,
      // Orthanc refuses C-MOVE/C-GET from unknown AEs unless told otherwise.
      DicomAlwaysAllowEcho: true, DicomAlwaysAllowStore: true,
    },
  });
}

/** Loads one Part 10 file into Orthanc (REST POST /instances); returns Orthanc's instance ID. */
export async function orthancUpload(httpPort: number, bytes: Uint8Array): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${httpPort}/instances`, { method: 'POST', body: new Blob([new Uint8Array(bytes)]) });
  if (!res.ok) throw new Error(`Orthanc refused the upload: ${res.status} ${await res.text()}`);
  const body = await res.json() as { ID: string; Status: string };
  return body.ID;
}

/** The file Orthanc holds for an instance. */
export async function orthancFile(httpPort: number, id: string): Promise<Uint8Array> {
  const res = await fetch(`http://127.0.0.1:${httpPort}/instances/${id}/file`);
  if (!res.ok) throw new Error(`Orthanc: ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * DCMTK dcmqrscp with one storage area (AE `aeTitle`) holding `files`, indexed with dcmqridx;
 * `destinations` are the AEs it may C-MOVE to (AE -> [host, port]).
 */
export async function startDcmqrscp(opts: { aeTitle?: string; files: string[]; destinations: Record<string, [string, number]> }): Promise<QrPeer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'fs-qr-dcmqrscp-'));
  const aet = opts.aeTitle ?? 'DCMQRSCP';
  const storage = join(dir, 'storage');
  mkdirSync(storage);
  const hosts = Object.entries(opts.destinations).map(([ae, [host, p]], i) => `dest${i} = (${ae}, ${host}, ${p})`);
  const names = Object.keys(opts.destinations).map((_ae, i) => `dest${i}`);
  const cfg = [
    `NetworkTCPPort = ${port}`, 'MaxPDUSize = 16384', 'MaxAssociations = 16',
    'HostTable BEGIN', ...hosts, ...(names.length > 0 ? [`peers = ${names.join(', ')}`] : []), 'HostTable END',
    'VendorTable BEGIN', 'VendorTable END',
    'AETable BEGIN', `${aet} ${storage} RW (200, 1024mb) ANY`, 'AETable END', '',
  ].join('\n');
  writeFileSync(join(dir, 'dcmqrscp.cfg'), cfg);
  const indexed: string[] = [];
  for (const [i, f] of opts.files.entries()) {
    const target = join(storage, `in${i}.dcm`);
    copyFileSync(f, target);
    indexed.push(target);
  }
  if (indexed.length > 0) {
    const r = await run('dcmqridx', [storage, ...indexed]);
    if (r.code !== 0) throw new Error(`dcmqridx failed: ${r.stdout}${r.stderr}`);
  }
  // Default (forking) mode: in single-process mode (-s) dcmqrscp resets the next connection after the port probe.
  return startProcess('dcmqrscp', ['-c', join(dir, 'dcmqrscp.cfg'), String(port)], dir, port, aet);
}
