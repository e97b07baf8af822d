/**
 * The layering rules of ARCHITECTURE.md, checked: core/ never imports a front end, the
 * renderer never imports Node or core/. Both the lint rule and the compiler mapping must
 * refuse a violation, so neither can be removed silently.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return tsFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

describe('layering', () => {
  it('no file under core/ imports electron, vue, pinia or front-end code', () => {
    const offenders = tsFiles(join(root, 'core')).filter((f) =>
      /from\s+['"](electron|vue|pinia|@vue\/[^'"]*)['"]|from\s+['"][^'"]*\/(electron|renderer)\//.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the lint rule refuses an electron or vue import in core/ and a Node import in the renderer', async () => {
    const eslint = new ESLint({ cwd: root });
    const [core] = await eslint.lintText("import { app } from 'electron';\nimport { ref } from 'vue';\nexport const x = [app, ref];\n", { filePath: join(root, 'core/app/example.ts') });
    expect(core!.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toHaveLength(2);
    const [renderer] = await eslint.lintText("import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", { filePath: join(root, 'renderer/src/example.ts') });
    expect(renderer!.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toHaveLength(1);
  });

  it('the compiler refuses an electron import in core/', () => {
    // A throwaway project outside the tree that uses core/tsconfig.json's compiler options.
    const dir = mkdtempSync(join(tmpdir(), 'fs-arch-check-'));
    try {
      writeFileSync(join(dir, 'bad.ts'), "import { app } from 'electron';\nexport const x = app;\n");
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
        extends: join(root, 'core/tsconfig.json'),
        compilerOptions: { noEmit: true, composite: false, rootDir: dir, typeRoots: [join(root, 'node_modules/@types')] },
        include: [], files: [join(dir, 'bad.ts')],
      }));
      let output = '';
      try {
        execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
      } catch (err) {
        output = String((err as { stdout?: string }).stdout ?? '');
      }
      expect(output).toMatch(/bad\.ts.*has no exported member 'app'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
