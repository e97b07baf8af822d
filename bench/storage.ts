/**
 * Storage benchmark: 500 CT instances of about 0.5 MB (test/fixtures CT1_UNC, Implicit VR
 * LE, new SOP Instance UIDs) over ONE association, sent by our Storage SCU (not the
 * bottleneck: it reads ahead and does no per-instance waiting besides the C-STORE-RSP).
 * The SCU offers an Asynchronous Operations Window of 8 (PS3.7 D.3.3.3), as it does by
 * default: a receiver that grants it gets up to 8 C-STOREs outstanding; one that grants none
 * (storescp, Orthanc, most PACS) gets one at a time. The "outstanding" column shows which.
 * Receivers:
 *   - our Storage SCP (`filmstation serve --archive`), durability fsync (default) and none,
 *     granting the window (default), and fsync granting none (`--async-window 1`): what
 *     senders that ask for no window (modalities, DCMTK, Orthanc) see,
 *   - DCMTK storescp (-od, no fsync; TCP_NODELAY=1 in its environment, without which DCMTK
 *     waits ~40 ms per response for Nagle/delayed ACK),
 *   - Orthanc (SQLite index; fsync of each file: SyncStorageArea, set here as its default since 1.7.4,
 *     so it is the other durable receiver here),
 *   - a sink: DCMTK storescp --ignore, which receives and discards. Not a contender: its
 *     pace is the ceiling that the sender and the loopback put on every receiver.
 * Each receiver runs as its own process, started once and kept from the first round to the
 * last, as a service is; its peak RSS is VmHWM from /proc/PID/status.
 *
 *   npx tsx bench/storage.ts [--count 500] [--rounds 5] [--warmup 100] [--settle 2000] [--only filmstation,dcmtk,orthanc,sink]
 *                            [--dir DIR] [--sender filmstation|storescu] [--shared-cpus]
 *
 * The sender runs on CPU 0 and every receiver on the other CPUs (taskset), as a modality and
 * a workstation are two machines: otherwise, on a 2-CPU machine, a receiver that overlaps its
 * work with the sender's (ours, granting a window) competes with it for both CPUs, while one
 * that answers one instance at a time (storescp) runs in the sender's pauses, on its CPU and
 * in its caches. `--shared-cpus` lets them share.
 *
 * `--sender storescu`: DCMTK storescu as shipped sends instead (Nagle on, no window, one
 * C-STORE at a time), which is what a modality on DCMTK's network stack does.
 *
 * MB/s is the receiver's pace: data set bytes over the time from the first C-STORE to the
 * release. "receiver CPU" is the CPU time its process (every thread) used meanwhile: how
 * much work a receiver does per instance, which the pace hides when it waits on the sender or
 * the disk. The last line compares ours (fsync) with storescp round by round. Every receiver
 * first stores `--warmup` instances of another study, untimed (a process start is not a
 * store). Each round then sends a new study of `--count` instances to every receiver in turn;
 * the table shows round 1, the first study after the start, apart from the median of the
 * later rounds. Why: our receiver runs on Node, whose JIT optimises a
 * function only after it has run a while, and a function run once per instance (commit,
 * index, answer) gets there after several hundred instances: its CPU per instance fell by
 * about a third from the first 500 instances to the fourth on this machine. DCMTK and
 * Orthanc are compiled ahead and have no such start. A workstation's Storage SCP runs for
 * hours; both figures are shown, so neither hides the other.
 * Before each run: `sync` writes back what the receivers before it left unflushed (as the
 * kernel would within ~30 s anyway; it would slow a flushing receiver's run), then the bench
 * waits until no receiver has used CPU for a second (ours prepares files for the next burst
 * once idle, core/archive/temp-file-pool.ts: not during another receiver's run), then
 * `--settle` ms more. Rounds interleave the receivers because this machine's speed drifts
 * by 20% within minutes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sendFiles } from '../core/services/storage-scu.js';
import { freePort, run, waitForPort } from '../test/support/peers.js';
import { datasetBytesOf, newStudyUids, variant } from '../test/unit/archive/dicom-variants.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE = join(ROOT, 'test/fixtures/dicom/ts/CT1_UNC.implicit_little_endian.dcm');
const FALLBACK_SOURCE = '/work/shared/testdata/dicom/ts/CT1_UNC.implicit_little_endian.dcm';

/** How a receiver is started: its command line, started by launch() (on its own CPU or not). */
interface Command { cmd: string; args: string[]; cwd?: string; env?: NodeJS.ProcessEnv }

interface Receiver {
  name: string;
  aeTitle: string;
  command(port: number, dir: string): Command;
}

/** DCMTK answers each response ~40 ms late without TCP_NODELAY (Nagle and delayed ACK). */
const dcmtkEnv = (): NodeJS.ProcessEnv => ({ ...process.env, TCP_NODELAY: process.env.TCP_NODELAY ?? '1' });

/** Our Storage SCP, headless (`serve --no-ui`), with these options besides its defaults. */
function ourScp(name: string, options: string[]): Receiver {
  return {
    name, aeTitle: 'FILMSTATION',
    command: (port, dir) => ({ cmd: process.execPath, args: [join(ROOT, 'bin/filmstation.mjs'), 'serve', '--no-ui', '--archive', dir, ...options, '--host', '127.0.0.1', '--port', String(port)] }),
  };
}

const receivers: Receiver[] = [
  ourScp('filmstation (fsync)', []),
  ourScp('filmstation (fsync, window 1)', ['--async-window', '1']),
  ourScp('filmstation (no fsync)', ['--durability', 'none']),
  {
    name: 'DCMTK storescp', aeTitle: 'STORESCP',
    command: (port, dir) => ({ cmd: 'storescp', args: ['-aet', 'STORESCP', '-od', dir, String(port)], env: dcmtkEnv() }),
  },
  {
    // Receives and discards: the ceiling the sender and the loopback impose on every receiver.
    name: 'sink (storescp --ignore)', aeTitle: 'STORESCP',
    command: (port) => ({ cmd: 'storescp', args: ['-aet', 'STORESCP', '--ignore', String(port)], env: dcmtkEnv() }),
  },
  {
    name: 'Orthanc (fsync)', aeTitle: 'ORTHANC',
    command: (port, dir) => {
      const config = {
        Name: 'bench', StorageDirectory: join(dir, 'db'), IndexDirectory: join(dir, 'db'), DicomAet: 'ORTHANC', DicomPort: port,
        HttpPort: port + 1 > 65535 ? port - 1 : port + 1, HttpServerEnabled: false, RemoteAccessAllowed: false, AuthenticationEnabled: false,
        DicomCheckCalledAet: false, Plugins: [], StorageCompression: false, SyncStorageArea: true,
      };
      writeFileSync(join(dir, 'orthanc.json'), JSON.stringify(config));
      return { cmd: 'Orthanc', args: [join(dir, 'orthanc.json')], cwd: dir, env: dcmtkEnv() };
    },
  },
];

/** Starts a command, on the given CPU only (taskset) when one is given. */
function launch(c: Command, cpu: string | undefined): ChildProcess {
  const [cmd, args] = cpu === undefined ? [c.cmd, c.args] : ['taskset', ['-c', cpu, c.cmd, ...c.args]];
  return spawn(cmd, args, { stdio: 'ignore', ...(c.cwd ? { cwd: c.cwd } : {}), ...(c.env ? { env: c.env } : {}) });
}

/**
 * The CPUs for the sender (this process: CPU 0) and for every receiver (the others), when
 * this machine has two or more and taskset, as when a modality and the workstation are two machines.
 */
function separateCpus(): { sender: string; receiver: string } | undefined {
  const n = availableParallelism();
  if (n < 2 || spawnSync('taskset', ['-c', '0', 'true']).status !== 0) return undefined;
  return { sender: '0', receiver: n === 2 ? '1' : `1-${n - 1}` };
}

function peakRssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN; // exited
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(t);
}

interface Run { seconds: number; rate: number; sent: number; outstanding: number; cpuMs: number }

/** Who sends: our SCU (the bench sender), or DCMTK storescu as shipped (what a modality on DCMTK's stack does). */
type Sender = (port: number, aeTitle: string, files: string[]) => Promise<{ ms: number; sent: number; outstanding: number }>;

const ourScu: Sender = async (port, aeTitle, files) => {
  const report = await sendFiles({ host: '127.0.0.1', port, calledAeTitle: aeTitle, callingAeTitle: 'BENCH', files });
  // The receiver's pace: first C-STORE to release (the sender's header scan of the files,
  // the same for every receiver, is not the receiver's work).
  return { ms: report.transferMs, sent: report.sent, outstanding: report.outstanding };
};

/**
 * storescu with its defaults (Nagle on, one C-STORE at a time), all files on one association;
 * the time includes its start (~50 ms). A failed store shows as an E: line.
 */
const storescu: Sender = async (port, aeTitle, files) => {
  const started = performance.now();
  const r = await run('storescu', ['-aet', 'BENCH', '-aec', aeTitle, '127.0.0.1', String(port), ...files], 600_000);
  const ms = performance.now() - started;
  const failed = (r.stderr + r.stdout).split('\n').filter((l) => /^E: .*(Store|Failed|failed)/.test(l)).length;
  return { ms, sent: r.code === 0 ? files.length - failed : 0, outstanding: 1 };
};

/** A receiver process, running from the first round to the last as a service does. */
interface Running { receiver: Receiver; child: ChildProcess; port: number }

async function startReceiver(r: Receiver, work: string, cpu: string | undefined): Promise<Running> {
  const dir = join(work, r.name.replace(/\W+/g, '-'));
  mkdirSync(dir);
  const port = await freePort();
  const child = launch(r.command(port, dir), cpu);
  await waitForPort(port, 30_000);
  await new Promise((res) => setTimeout(res, 300));
  return { receiver: r, child, port };
}

/** Linux's USER_HZ, the unit of /proc/PID/stat's times (sysconf(_SC_CLK_TCK) is 100 on every Linux ABI Node runs on). */
const MS_PER_TICK = 10;

/** CPU time a process has used so far (all its threads), in clock ticks (utime + stime, proc(5)). */
function cpuTicks(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0; // exited
  }
}

/**
 * Waits until no receiver has used CPU for `quietMs` (at most `limitMs`), so that what one
 * does after its run does not fall into the next one's: ours prepares spare files once idle
 * for 500 ms (core/archive/temp-file-pool.ts), hence a quiet time longer than that.
 */
async function quiesce(pids: (number | undefined)[], quietMs = 1000, limitMs = 20_000): Promise<void> {
  const total = (): number => pids.reduce<number>((n, pid) => n + cpuTicks(pid), 0);
  const deadline = performance.now() + limitMs;
  let last = total();
  let quietSince = performance.now();
  while (performance.now() < deadline && performance.now() - quietSince < quietMs) {
    await new Promise((res) => setTimeout(res, 100));
    const now = total();
    if (now !== last) { last = now; quietSince = performance.now(); }
  }
}

async function measure(x: Running, send: Sender, datasetBytes: number, files: string[], settleMs: number, all: Running[]): Promise<Run> {
  // What other receivers left unflushed (those that do not flush leave it to the kernel,
  // which writes it back within ~30 s) goes to the disk now, not during this receiver's
  // run, where it would slow the flushes of a receiver that flushes.
  spawnSync('sync');
  await quiesce(all.map((a) => a.child.pid));
  await new Promise((res) => setTimeout(res, settleMs));
  const ticks = cpuTicks(x.child.pid);
  const sent = await send(x.port, x.receiver.aeTitle, files);
  const cpuMs = (cpuTicks(x.child.pid) - ticks) * MS_PER_TICK;
  const seconds = sent.ms / 1000;
  return { seconds, rate: (datasetBytes * files.length) / 1e6 / seconds, sent: sent.sent, outstanding: sent.outstanding, cpuMs };
}

/**
 * Mean time to create an empty file in `dir`. Every receiver creates one file per instance,
 * and what that costs depends on the folder and the minute, not the receiver: on this
 * machine's ext4, 20-700 us (kernel CPU), the most in a block group full of recently
 * deleted inodes, which the allocator skips one by one (perf: recently_deleted; ext4
 * counts a deletion as recent for up to 5 minutes while the inode table block is dirty).
 * `--dir` picks another folder. The probe's files stay until the work folder goes.
 */
function fileCreationUs(dir: string): number {
  const probe = join(dir, 'probe');
  mkdirSync(probe);
  const n = 200;
  const started = performance.now();
  for (let i = 0; i < n; i++) closeSync(openSync(join(probe, String(i)), 'wx'));
  return ((performance.now() - started) * 1000) / n;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] as number : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/**
 * Ours against storescp round by round: the two runs of a round are seconds apart, so the
 * machine's drift (up to 2x within minutes here) weighs on both alike, which it does not on
 * medians taken over the whole run.
 */
function pairedComparison(ours: Run[], theirs: Run[]): string {
  const ratios = ours.map((o, i) => o.rate / (theirs[i]?.rate ?? Number.NaN)).filter((r) => Number.isFinite(r));
  const ahead = ratios.filter((r) => r >= 1).length;
  return `filmstation (fsync) / storescp, same round: ahead in ${ahead} of ${ratios.length} rounds; throughput ratio median ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    count: { type: 'string', default: '500' }, rounds: { type: 'string', default: '5' }, warmup: { type: 'string', default: '100' }, only: { type: 'string' },
    settle: { type: 'string', default: '2000' },
    dir: { type: 'string' }, sender: { type: 'string', default: 'filmstation' }, 'shared-cpus': { type: 'boolean', default: false },
  } });
  if (values.sender !== 'filmstation' && values.sender !== 'storescu') throw new Error(`--sender filmstation|storescu, not ${values.sender}`);
  const send = values.sender === 'storescu' ? storescu : ourScu;
  const count = Number(values.count);
  const rounds = Math.max(1, Number(values.rounds));
  const only = values.only?.split(',');
  const work = mkdtempSync(join(values.dir ?? tmpdir(), 'fs-bench-storage-'));
  const running: Running[] = [];
  try {
    console.log(`receivers write under ${work}: creating a file there costs ${fileCreationUs(work).toFixed(0)} us`);
    const source = new Uint8Array(readFileSync(existsSync(SOURCE) ? SOURCE : FALLBACK_SOURCE));
    const datasetBytes = datasetBytesOf(source).length;
    const inDir = join(work, 'in');
    mkdirSync(inDir);
    /** `n` instances of one new study (new UIDs), written as `<name>NNNN.dcm`. */
    const writeStudy = (name: string, n: number): string[] => {
      const study = newStudyUids(source);
      return Array.from({ length: n }, (_, i) => {
        const p = join(inDir, `${name}${String(i).padStart(4, '0')}.dcm`);
        writeFileSync(p, variant(source, study).bytes);
        return p;
      });
    };
    const chosen = receivers.filter((r) => !only || only.some((o) => r.name.toLowerCase().startsWith(o.toLowerCase())));
    const warmupCount = Number(values.warmup);
    // Every receiver keeps what it received until the end, as a service does (deleting files
    // also slows creating new ones for minutes, see fileCreationUs), and so does the sender.
    const needed = (chosen.length + 1) * (rounds * count + warmupCount) * source.length * 1.1;
    const disk = statfsSync(work);
    if (disk.bavail * disk.bsize < needed + 2e9) {
      throw new Error(`${(needed / 1e9).toFixed(1)} GB needed under ${work} (every receiver keeps what it received) and 2 GB to spare: choose --dir elsewhere, or fewer --rounds`);
    }
    const warmup = writeStudy('warm', warmupCount);
    const mb = (count * source.length) / 1e6;
    console.log(`${count} CT instances of ${(source.length / 1e6).toFixed(2)} MB (${mb.toFixed(0)} MB) over one association, sender: ${values.sender === 'storescu' ? 'DCMTK storescu as shipped' : 'Filmstation Storage SCU'}`);
    const settleMs = Math.max(0, Number(values.settle));
    console.log(`each receiver runs as one process from first round to last, as a service does; it first gets ${warmup.length} instances of another study, not timed`);
    console.log(`${rounds} rounds, a new study each, receivers in turn (this machine's speed drifts); before each run: sync, every receiver idle, then ${settleMs} ms`);
    const cpus = values['shared-cpus'] ? undefined : separateCpus();
    if (cpus) {
      // This process and what it starts (storescu) on the sender's CPU; the receivers on the others.
      spawnSync('taskset', ['-a', '-p', '-c', cpus.sender, String(process.pid)], { stdio: 'ignore' });
      console.log(`sender on CPU ${cpus.sender}, every receiver on CPU ${cpus.receiver} (taskset), as two machines would be; --shared-cpus lets them share`);
    } else {
      console.log('sender and receivers share the CPUs');
    }
    for (const r of chosen) running.push(await startReceiver(r, work, cpus?.receiver));
    for (const x of running) if (warmup.length > 0) await send(x.port, x.receiver.aeTitle, warmup);
    const runs = new Map<Receiver, Run[]>(chosen.map((r) => [r, []]));
    for (let round = 0; round < rounds; round++) {
      const files = writeStudy(`r${round + 1}-`, count);
      for (const x of running) {
        const result = await measure(x, send, datasetBytes, files, settleMs, running);
        runs.get(x.receiver)?.push(result);
        console.log(`  round ${round + 1} ${x.receiver.name}: ${result.sent}/${count} stored in ${result.seconds.toFixed(2)} s = ${result.rate.toFixed(1)} MB/s, ${result.outstanding} outstanding, receiver CPU ${result.cpuMs.toFixed(0)} ms`);
      }
    }
    // Round 1 is the first study after the start (and the warm-up): a JIT (ours, Node) has not
    // yet optimised everything then; later rounds are the service's steady pace.
    const rows = running.map((x) => {
      const rs = runs.get(x.receiver) ?? [];
      const later = rs.slice(1).map((r) => r.rate);
      return [x.receiver.name, `${Math.min(...rs.map((r) => r.sent))}/${count}`, (rs[0]?.rate ?? Number.NaN).toFixed(1),
        later.length > 0 ? median(later).toFixed(1) : '-', later.length > 0 ? `${Math.min(...later).toFixed(0)}-${Math.max(...later).toFixed(0)}` : '-',
        later.length > 0 ? median(rs.slice(1).map((r) => r.cpuMs)).toFixed(0) : '-',
        peakRssMb(x.child.pid).toFixed(0), String(Math.max(...rs.map((r) => r.outstanding)))];
    });
    const head = ['receiver', 'stored', 'round 1 MB/s', 'later rounds MB/s (median)', 'range', 'CPU ms (later median)', 'peak RSS MB', 'outstanding'];
    const w = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
    console.log('');
    console.log(head.map((h, i) => h.padEnd(w[i] ?? 0)).join('  '));
    for (const row of rows) console.log(row.map((c, i) => c.padEnd(w[i] ?? 0)).join('  '));
    const runsOf = (name: string): Run[] | undefined => [...runs].find(([r]) => r.name === name)?.[1];
    const ours = runsOf('filmstation (fsync)');
    const theirs = runsOf('DCMTK storescp');
    if (ours && theirs && ours.length > 0) console.log(pairedComparison(ours, theirs));
  } finally {
    for (const x of running) await stop(x.child);
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
