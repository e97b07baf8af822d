// .vue modules for the test type-check (test/tsconfig.json includes this folder; tsc cannot
// read single-file components). Same shape as renderer/env.d.ts, which is outside that project
// and which eslint forbids pulling in with a triple-slash path reference.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
