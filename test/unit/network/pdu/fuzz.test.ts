/**
 * Bounded, seeded fuzz of decodePdu and PduFramer: about 20,000 inputs (random bytes and
 * mutations of the DCMTK fixtures). Only DicomError subclasses may be thrown, never a
 * RangeError or TypeError, and a decoded PDU re-encodes to the same value.
 * Longer runs: `npx tsx test/fuzz/pdu-fuzz.ts --seconds 60`.
 */
import { describe, expect, it } from 'vitest';
import { nextInput, prng, richSeeds, runOne } from '../../../fuzz/pdu-fuzz-inputs.js';
import { FIXTURE_NAMES, fixture, LIMITS } from './pdu-test-helpers.js';

const SEEDS = [...FIXTURE_NAMES.map((n) => fixture(n)), ...richSeeds()];
const INPUTS = 20_000;

describe('PDU fuzz (bounded)', () => {
  it(`${INPUTS} inputs: only typed errors, stable round trips, under 10 s`, () => {
    const started = Date.now();
    const rand = prng(0x5eed_2024);
    let decoded = 0;
    let typed = 0;
    const failures: string[] = [];
    for (let i = 0; i < INPUTS; i++) {
      const input = nextInput(rand, SEEDS);
      const outcome = runOne(input, rand, LIMITS);
      if (outcome.decoded) decoded++;
      typed += outcome.typedErrors;
      if (outcome.failure && failures.length < 5) failures.push(`#${i} ${input.toString('hex').slice(0, 400)}: ${outcome.failure}`);
    }
    expect(failures).toEqual([]);
    // The mix must exercise both sides: some inputs decode, most are refused.
    expect(decoded).toBeGreaterThan(INPUTS / 20);
    expect(typed).toBeGreaterThan(INPUTS / 2);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
