/**
 * electron-builder.yml is valid for the installed electron-builder (its own schema
 * validator) and names every target of the desktop issue; the build resources it points
 * at exist; the CI workflow builds Windows and macOS installers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import sharp from 'sharp';

vi.mock('electron', () => ({}));

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const root = fileURLToPath(new URL('../../../', import.meta.url));
const at = (p: string) => `${root}${p}`;

interface Target { target: string; arch: string[] }
interface BuilderConfig {
  appId: string; productName: string;
  directories: { buildResources: string; output: string };
  files: string[]; asarUnpack: string[]; npmRebuild: boolean;
  win: { target: Target[]; icon: string };
  nsis: { oneClick: boolean; perMachine: boolean; allowElevation: boolean; installerLanguages: string[]; multiLanguageInstaller: boolean; deleteAppDataOnUninstall: boolean };
  mac: { target: Target[]; hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string; icon: string };
  linux: { target: Target[]; icon: string };
  electronFuses: Record<string, boolean>;
}

const config = yaml.load(readFileSync(at('electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s own configuration schema', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration(c: unknown, log: unknown): Promise<void> };
    const { DebugLogger } = require('builder-util/out/DebugLogger.js') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
    // And the validator does reject a wrong file (the check can fail).
    await expect(validateConfiguration({ ...structuredClone(config), nsis: { ...config.nsis, oneClick: 'sometimes' } }, new DebugLogger(false))).rejects.toThrow(/nsis/);
  });

  it('names the product and its folders', () => {
    expect(config.productName).toBe('Filmstation');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.directories).toEqual({ buildResources: 'build', output: 'release' });
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'resources/**', 'package.json']));
  });

  it('builds a Windows NSIS installer, x64, per-user or per-machine, in Japanese and English', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true, multiLanguageInstaller: true, deleteAppDataOnUninstall: false });
    expect(config.nsis.installerLanguages).toEqual(['ja_JP', 'en_US']);
  });

  it('builds a macOS dmg for x64 and arm64 with the hardened runtime and network entitlements', () => {
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.entitlements).toBe('build/entitlements.mac.plist');
    expect(config.mac.entitlementsInherit).toBe('build/entitlements.mac.plist');
    const plist = readFileSync(at(config.mac.entitlements), 'utf8');
    for (const key of ['com.apple.security.network.server', 'com.apple.security.network.client', 'com.apple.security.cs.allow-jit']) {
      expect(plist).toMatch(new RegExp(`<key>${key.replace(/\./g, '\\.')}</key>\\s*<true/>`));
    }
    expect(plist).toMatch(/^<\?xml[^>]*\?>\s*<!DOCTYPE plist/);
  });

  it('flips the Electron fuses that would let the packaged app run as plain Node or load code outside the asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true, enableEmbeddedAsarIntegrityValidation: true, grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds a Linux AppImage', () => {
    expect(config.linux.target).toEqual([{ target: 'AppImage', arch: ['x64'] }]);
  });

  it('rebuilds better-sqlite3 for Electron and unpacks every native module, the wasm codecs and the font', () => {
    expect(config.npmRebuild).toBe(true);
    for (const glob of ['node_modules/better-sqlite3/**', 'node_modules/sharp/**', 'node_modules/@img/**', 'node_modules/koffi/**', 'node_modules/@koromix/**', 'node_modules/@node-rs/**', 'node_modules/dcmjs-codecs/build/*.wasm', 'resources/fonts/**']) {
      expect(config.asarUnpack, glob).toContain(glob);
    }
    // The globs point at what is really installed.
    expect(existsSync(at('node_modules/better-sqlite3/package.json'))).toBe(true);
    expect(existsSync(at('node_modules/dcmjs-codecs/build/dcmjs-native-codecs.wasm'))).toBe(true);
    expect(existsSync(at('node_modules/@img'))).toBe(true);
    expect(existsSync(at('node_modules/@node-rs/crc32/package.json'))).toBe(true);
  });

  it('has the icons it names: a 1024 px PNG, an ICO and an ICNS', async () => {
    const meta = await sharp(at('build/icon.png')).metadata();
    expect([meta.width, meta.height]).toEqual([1024, 1024]);
    const ico = readFileSync(at(config.win.icon));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(5);
    const icns = readFileSync(at(config.mac.icon));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    expect(existsSync(at(config.linux.icon))).toBe(true);
  });
});

describe('installers CI workflow', () => {
  const wf = yaml.load(readFileSync(at('.github/workflows/installers.yml'), 'utf8')) as {
    jobs: Record<string, { 'runs-on': string; strategy: { matrix: { include: Array<{ os: string; target: string }> } }; steps: Array<{ run?: string; uses?: string }> }>;
  };
  const job = Object.values(wf.jobs)[0];

  it('builds on Windows and macOS runners with --win and --mac', () => {
    expect(job?.strategy.matrix.include.map((i) => [i.os, i.target])).toEqual([['windows-latest', '--win'], ['macos-latest', '--mac']]);
  });

  it('installs, builds, packages and uploads the installers', () => {
    const runs = job?.steps.map((s) => s.run ?? s.uses ?? '') ?? [];
    const idx = (re: RegExp) => runs.findIndex((r) => re.test(r));
    expect(idx(/^npm ci$/)).toBeGreaterThanOrEqual(0);
    expect(idx(/^npm run build$/)).toBeGreaterThan(idx(/^npm ci$/));
    expect(idx(/npx electron-builder \$\{\{ matrix.target \}\}/)).toBeGreaterThan(idx(/^npm run build$/));
    expect(idx(/actions\/upload-artifact/)).toBeGreaterThan(idx(/electron-builder/));
  });
});
