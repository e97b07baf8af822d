/** `npx filmstation --help` from the repository root, as a new user types it. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const run = promisify(execFile);

describe('the filmstation command', () => {
  it('npx filmstation --help lists the commands and exits 0', async () => {
    const { stdout } = await run('npx', ['--no-install', 'filmstation', '--help'], { cwd: root, timeout: 60_000 });
    expect(stdout).toMatch(/Usage: filmstation <command>/);
    expect(stdout).toMatch(/^\s+echo\s+/m);
    expect(stdout).toMatch(/^\s+serve\s+/m);
  }, 60_000);

  it('an unknown command exits 2 with the usage on stderr', async () => {
    const err = await run('node', ['bin/filmstation.mjs', 'frobnicate'], { cwd: root, timeout: 60_000 }).then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ code: 2 });
    expect(String((err as { stderr: string }).stderr)).toMatch(/Unknown command 'frobnicate'/);
  }, 60_000);
});
