/**
 * Verification against peers nobody here wrote: DCMTK storescp/echoscu and Orthanc.
 * Each assertion checks what the other side saw or said, so a broken stack fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echo } from '../../core/services/verification.js';
import { DicomServer } from '../../core/network/server.js';
import { answerEcho } from '../../core/services/verification.js';
import { AssociationRejectedError, TransportError } from '../../core/network/errors.js';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, TransferSyntax, VERIFICATION_SOP_CLASS } from '../../core/dicom/uids.js';
import { runCli } from '../../core/cli/main.js';
import { freePort, run, startOrthanc, startStorescp, type RunningPeer } from '../support/peers.js';
import { memoryIo } from '../support/memory-io.js';

describe('our C-ECHO SCU against DCMTK storescp', () => {
  let storescp: RunningPeer;
  beforeAll(async () => { storescp = await startStorescp({ aeTitle: 'DCMTKSCP', extraArgs: ['-v'] }); });
  afterAll(async () => { await storescp.stop(); });

  it('is answered with success and storescp logs our echo request', async () => {
    const result = await echo({ host: '127.0.0.1', port: storescp.port, calledAeTitle: 'DCMTKSCP', callingAeTitle: 'FSTEST' });
    expect(result.ok).toBe(true);
    expect(result.status.code).toBe(0);
    // DCMTK identifies itself with its implementation class UID root (OFFIS).
    expect(result.peerImplementationClassUid).toMatch(/^1\.2\.276\.0\.7230010\./);
    await expect.poll(() => storescp.output(), { timeout: 5_000 }).toMatch(/Received Echo Request/);
  });

  it('the CLI exits 0 and prints OK', async () => {
    const io = memoryIo();
    const code = await runCli(['echo', '--host', '127.0.0.1', '--port', String(storescp.port), '--called-aet', 'DCMTKSCP'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(io.out()).toMatch(/^OK: DCMTKSCP@127\.0\.0\.1:\d+ answered C-ECHO: Success \(0x0000\) in \d+ ms$/m);
  });
});

describe('our C-ECHO SCU against Orthanc', () => {
  let orthanc: RunningPeer;
  beforeAll(async () => { orthanc = await startOrthanc({ aeTitle: 'ORTHANC' }); });
  afterAll(async () => { await orthanc.stop(); });

  it('is answered with success', async () => {
    const result = await echo({ host: '127.0.0.1', port: orthanc.port, calledAeTitle: 'ORTHANC', callingAeTitle: 'FSTEST' });
    expect(result.ok).toBe(true);
  });

  it('a wrong called AE title is rejected permanently by the service user, reason 7', async () => {
    const err = await echo({ host: '127.0.0.1', port: orthanc.port, calledAeTitle: 'NOTORTHANC', callingAeTitle: 'FSTEST' })
      .then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(AssociationRejectedError);
    const rj = err as AssociationRejectedError;
    expect([rj.result, rj.source, rj.reason]).toEqual([1, 1, 7]);
    expect(rj.message).toMatch(/called AE title/i);
    await expect.poll(() => orthanc.output(), { timeout: 5_000 }).toMatch(/bad called AET/);
  });

  it('the CLI exits 4 with the rejection reason', async () => {
    const io = memoryIo();
    const code = await runCli(['echo', '--host', '127.0.0.1', '--port', String(orthanc.port), '--called-aet', 'WRONG'], io);
    expect(code).toBe(4);
    expect(io.err()).toMatch(/rejected.*called AE title/i);
  });
});

describe('DCMTK echoscu against our Verification SCP', () => {
  let server: DicomServer;
  let port: number;
  const rejected: string[] = [];
  beforeAll(async () => {
    server = new DicomServer({
      policy: {
        aeTitle: 'FILMSTATION',
        checkCalledAeTitle: true,
        allowedCallingAeTitles: ['ECHOSCU', 'MODALITY1'],
        supported: [{ abstractSyntax: VERIFICATION_SOP_CLASS, transferSyntaxes: [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian] }],
        maxPduLength: 65536,
        implementationClassUid: IMPLEMENTATION_CLASS_UID,
        implementationVersionName: IMPLEMENTATION_VERSION_NAME,
      },
      handlers: { onRequest: answerEcho },
      events: { onRejected: (_rq, reason) => rejected.push(reason) },
    });
    port = await server.listen(0, '127.0.0.1');
  });
  afterAll(async () => { await server.close({ graceful: false }); });

  it('echoscu succeeds and sees our implementation identity', async () => {
    const r = await run('echoscu', ['-v', '-d', '-aet', 'ECHOSCU', '-aec', 'FILMSTATION', '127.0.0.1', String(port)]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const log = r.stdout + r.stderr;
    expect(log).toMatch(/Received Echo Response \(Success\)/);
    expect(log).toContain(IMPLEMENTATION_CLASS_UID);
    expect(log).toContain(IMPLEMENTATION_VERSION_NAME);
  });

  it('echoscu proposing several transfer syntaxes gets Explicit VR LE (our preference)', async () => {
    const r = await run('echoscu', ['-d', '-aet', 'ECHOSCU', '-aec', 'FILMSTATION', '--propose-ts', '3', '127.0.0.1', String(port)]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/Accepted Transfer Syntax: =?LittleEndianExplicit|1\.2\.840\.10008\.1\.2\.1\b/);
  });

  it('echoscu with a wrong called AE title is rejected with "Called AE Title Not Recognized"', async () => {
    const r = await run('echoscu', ['-aet', 'ECHOSCU', '-aec', 'SOMEONEELSE', '127.0.0.1', String(port)]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/Rejected Permanent, Source: Service User/);
    expect(r.stdout + r.stderr).toMatch(/Called AE Title Not Recognized/);
    expect(rejected.at(-1)).toMatch(/called AE title/i);
  });

  it('echoscu with a calling AE title outside the allow list is rejected with "Calling AE Title Not Recognized"', async () => {
    const r = await run('echoscu', ['-aet', 'STRANGER', '-aec', 'FILMSTATION', '127.0.0.1', String(port)]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/Calling AE Title Not Recognized/);
  });

  it('ten concurrent echoscu runs all succeed', async () => {
    const runs = await Promise.all(Array.from({ length: 10 }, () =>
      run('echoscu', ['-aet', 'MODALITY1', '-aec', 'FILMSTATION', '--repeat', '5', '127.0.0.1', String(port)])));
    expect(runs.map((r) => r.code)).toEqual(Array(10).fill(0));
  });
});

describe('CLI echo failures', () => {
  it('exits 3 when nothing listens', async () => {
    const port = await freePort();
    const io = memoryIo();
    const code = await runCli(['echo', '--host', '127.0.0.1', '--port', String(port), '--called-aet', 'X'], io);
    expect(code).toBe(3);
    expect(io.err()).toMatch(/refused/i);
    await expect(echo({ host: '127.0.0.1', port, calledAeTitle: 'X', callingAeTitle: 'Y' })).rejects.toBeInstanceOf(TransportError);
  });

  it('exits 2 with help on a bad port', async () => {
    const io = memoryIo();
    const code = await runCli(['echo', '--host', '127.0.0.1', '--port', '99999', '--called-aet', 'X'], io);
    expect(code).toBe(2);
    expect(io.err()).toMatch(/--port must be/);
  });
});
