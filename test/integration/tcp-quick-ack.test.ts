/**
 * TCP_QUICKACK against a peer that leaves Nagle on: DCMTK's dcmprscp as shipped writes
 * each PDU in two pieces, so without prompt ACKs every response waits for our delayed
 * ACK (~40 ms on Linux). Ten C-ECHOs on one association show the difference; the "off"
 * case shows the test can fail (and that the stall is real on this machine).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { associate } from '../../core/network/associate.js';
import { cEcho, verificationProposal } from '../../core/services/verification.js';
import { startDcmprscp, type RunningDcmprscp } from '../support/dcmprscp.js';
import { DimseTrace } from '../../core/network/dimse-trace.js';

const ECHOES = 10;

async function echoes(port: number, aeTitle: string, quickAck: boolean): Promise<{ ms: number; trace: string }> {
  const trace = new DimseTrace();
  const a = await associate({
    host: '127.0.0.1', port, callingAeTitle: 'FSTEST', calledAeTitle: aeTitle, trace, config: { quickAck },
    proposals: [verificationProposal()],
  });
  const t = performance.now();
  for (let i = 0; i < ECHOES; i++) expect((await cEcho(a)).status.code).toBe(0);
  const ms = performance.now() - t;
  await a.release();
  return { ms, trace: trace.toText() };
}

describe.runIf(process.platform === 'linux')('prompt ACKs to a Nagle peer (dcmprscp as shipped)', () => {
  let scp: RunningDcmprscp;
  beforeAll(async () => { scp = await startDcmprscp('IHEFULL'); });
  afterAll(async () => { await scp.stop(); });

  it('with TCP_QUICKACK the responses are not held by our delayed ACK', async () => {
    const on = await echoes(scp.port, scp.aeTitle, true);
    expect(on.trace).toMatch(/TCP_QUICKACK on/);
    const off = await echoes(scp.port, scp.aeTitle, false);
    expect(off.trace).not.toMatch(/TCP_QUICKACK/);
    // Off: each response waits ~40 ms for the ACK. On: a few ms each. The margin is wide
    // (10 x 40 ms against well under half of it) so a loaded machine does not flip it.
    expect(off.ms).toBeGreaterThan(ECHOES * 30);
    expect(on.ms).toBeLessThan(off.ms / 3);
  });
});
