// Lint of the module's TypeScript, run by the Maven build (`npm run lint`, no warning allowed).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'target/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // Language-server answers are untyped JSON-RPC payloads (@codemirror/lsp-client's request()
    // is generic and brings no protocol types); the LSP client reads them as `any` on purpose.
    files: ['src/main/resources/META-INF/frontend/atelier/lsp.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  { files: ['*.js'], ...tseslint.configs.disableTypeChecked },
  { files: ['*.js'], languageOptions: { globals: globals.node } },
);
