/** The documents say what the code does: checked where a fact exists in both. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '../../core/dicom/uids.js';
import { defaultNetworkConfig } from '../../core/network/config.js';
import { usage } from '../../core/cli/main.js';

const read = (p: string): string => readFileSync(fileURLToPath(new URL(`../../${p}`, import.meta.url)), 'utf8');

describe('docs/conformance-statement.md', () => {
  const cs = read('docs/conformance-statement.md');
  it('names our implementation class UID and version name', () => {
    expect(cs).toContain(`| Implementation Class UID | ${IMPLEMENTATION_CLASS_UID} |`);
    expect(cs).toContain(`| Implementation Version Name | ${IMPLEMENTATION_VERSION_NAME} |`);
  });
  it('states the default maximum PDU and association limit', () => {
    expect(cs).toContain(`| Maximum PDU length | ${defaultNetworkConfig.maxPduLength} |`);
    expect(cs).toContain(`| Maximum associations | ${defaultNetworkConfig.maxAssociations} |`);
  });
});

describe('README and user guide', () => {
  it('every CLI command is documented in the user guide', () => {
    const guide = read('docs/user-guide.md');
    const commands = [...usage().matchAll(/^ {2}(\S+)\s{2,}/gm)].map((m) => m[1]!);
    expect(commands.length).toBeGreaterThan(0);
    for (const c of commands.filter((c) => c !== 'start')) expect(guide, c).toContain(`filmstation ${c}`);
  });
  it('the README opens with the install-and-run and the test commands', () => {
    const lines = read('README.md').split('\n').slice(0, 6).join('\n');
    expect(lines).toMatch(/npm ci && npm start/);
    expect(lines).toMatch(/^npm test\b/m);
  });
});
