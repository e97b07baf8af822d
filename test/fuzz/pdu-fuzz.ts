/**
 * Standalone PDU fuzzer: `npx tsx test/fuzz/pdu-fuzz.ts --seconds 60 [--seed N]`.
 * Feeds random and mutated PDUs (seeded from test/fixtures/pdu and richSeeds()) into
 * decodePdu, encodePdu and PduFramer. Reports inputs run, decoded, typed errors and the
 * resident memory at the end; exits 1 on any non-DicomError exception or unstable round trip.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PduLimits } from '../../core/network/pdu/index.js';
import { nextInput, prng, richSeeds, runOne } from './pdu-fuzz-inputs.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number`);
  return value;
}

const seconds = arg('seconds', 60);
const seed = arg('seed', Date.now() & 0x7fffffff);
const limits: PduLimits = { maxAssociatePduLength: 1_048_576, maxPDataPduLength: 262_144 };

const dir = fileURLToPath(new URL('../fixtures/pdu/', import.meta.url));
const seeds = [
  ...readdirSync(dir).filter((f) => f.endsWith('.bin')).map((f) => readFileSync(dir + f)),
  ...richSeeds(),
];

const rand = prng(seed);
const deadline = Date.now() + seconds * 1000;
let inputs = 0;
let decoded = 0;
let typedErrors = 0;
let failures = 0;
let peakRss = process.memoryUsage().rss;

while (Date.now() < deadline) {
  // Check the clock every 1000 inputs only: Date.now() is not free.
  for (let k = 0; k < 1000; k++) {
    const input = nextInput(rand, seeds);
    const outcome = runOne(input, rand, limits);
    inputs++;
    if (outcome.decoded) decoded++;
    typedErrors += outcome.typedErrors;
    if (outcome.failure) {
      failures++;
      if (failures <= 10) {
        console.error(`FAILURE at input #${inputs} (seed ${seed}): ${outcome.failure}`);
        console.error(`  input (hex, first 512 bytes): ${input.subarray(0, 512).toString('hex')}`);
      }
    }
  }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}

const rss = process.memoryUsage().rss;
console.log(JSON.stringify({
  seed,
  seconds,
  inputs,
  decoded,
  typedErrors,
  failures,
  rssMiB: Math.round(rss / 1048576),
  peakRssMiB: Math.round(peakRss / 1048576),
}));
process.exitCode = failures > 0 ? 1 : 0;
