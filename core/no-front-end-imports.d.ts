// core/ is pure Node (ARCHITECTURE.md): core/tsconfig.json maps electron, vue, pinia and
// @vue/* to this empty module, so any import of theirs from core/ fails to compile
// ("has no exported member"). The ESLint rule no-restricted-imports says the same in words.
export {};
