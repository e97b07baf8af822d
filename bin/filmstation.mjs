#!/usr/bin/env node
// Entry point of the `filmstation` command. In a source checkout it runs the TypeScript
// sources through tsx (no build step needed after `npm ci`); in a packaged build, where
// only dist/ ships, it runs the compiled JavaScript.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const source = fileURLToPath(new URL('../core/cli/main.ts', import.meta.url));
const compiled = fileURLToPath(new URL('../dist/core/cli/main.js', import.meta.url));

let entry;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = source;
} else {
  entry = compiled;
}
const { runCli } = await import(pathToFileURL(entry).href);
const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
process.exitCode = code;
