// ESLint flat config. Besides the usual rules it encodes DESIGN.md's "who may import whom":
// - `import/no-restricted-paths` zones for file-to-file arrows (relative imports, resolved to the
//   `.ts` sources by eslint-import-resolver-typescript; an import that does not resolve is NOT
//   checked by that rule, hence the second net below);
// - `no-restricted-imports` on package names (`@nexushealth/*`, koa, mongodb, …), which works even
//   before `tsc -b` has produced the dist folders the workspace packages resolve to.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';
import globals from 'globals';

const root = path.dirname(fileURLToPath(import.meta.url));
const TS = ['**/*.ts', '**/*.mts', '**/*.cts'];
const TESTS = ['**/*.test.ts', '**/__test__/**', '**/testing/**'];

// ---- file-to-file arrows -------------------------------------------------------------------
const pkgs = ['sdk', 'profiles', 'conformance', 'server', 'adapters'];
const others = (...allowed) => pkgs.filter((p) => !allowed.includes(p));
const s = (p) => `server/src/${p}`;
/** The HTTP edge and the composition root: nothing below them may reach back up. */
const serverTop = [s('middleware'), s('http'), s('routes.ts'), s('app.ts'), s('main.ts')];
const backends = [s('store/memory'), s('store/mongo')];
const bullJobs = [s('jobs/bull*'), s('jobs/bull*/**')];
/** Inner server layers: FHIR semantics, no HTTP framework and no concrete infrastructure. */
const serverInner = [
  s('interactions'),
  s('operations'),
  s('search'),
  s('validation'),
  s('definitions'),
  s('concurrency'),
  s('audit'),
  s('store/port.ts'),
];

const zones = [
  {
    target: s('auth/*.ts'),
    from: [...serverTop, ...backends],
    message: 'server/src/auth/*.ts is pure: no middleware, http, routes or store backends (issue 6 plan).',
  },
  {
    target: [s('auth/server'), s('net')],
    from: [...serverTop, ...backends, s('auth/http'), s('auth/mongo')],
    message: 'auth/server/ (the authorization server) and net/ are pure: storage and HTTP come in through ports.',
  },
  {
    target: [s('!(main|app).ts'), s('!(auth)/**'), s('auth/*.ts'), s('auth/!(http|mongo)/**')],
    from: [s('auth/http'), s('auth/mongo')],
    message: 'Only app.ts (routes) and main.ts (storage) wire auth/http/ and auth/mongo/ (issue 6 plan).',
  },
  { target: s('auth/http'), from: [s('auth/mongo')], message: 'The routes know the storage ports only.' },
  { target: s('auth/mongo'), from: [s('auth/http')], message: 'The storage knows no HTTP.' },
  {
    target: 'sdk/src',
    from: others('sdk'),
    message: 'The SDK is standalone (DESIGN.md: imports only fhirtypes and jose).',
  },
  ...['profiles', 'conformance'].map((p) => ({
    target: `${p}/src`,
    from: ['server', 'adapters', 'sdk'],
    message: `${p} is pure: no server, adapters or sdk (DESIGN.md).`,
  })),
  {
    target: 'adapters/src',
    from: ['server'],
    message: 'adapters never import server; deliver through the FhirSink port.',
  },
  ...serverInner.map((target) => ({
    target,
    from: [...serverTop, ...backends],
    message:
      'Arrows run one way: middleware/http/routes → interactions/operations → search/store port/audit; only main.ts picks backends.',
  })),
  ...serverInner.map((target) => ({
    target,
    from: bullJobs,
    message: 'Only main.ts picks the bull queue; inner layers use the queue port.',
  })),
  ...backends.map((target) => ({
    target,
    from: [
      s('interactions'),
      s('operations'),
      s('search'),
      s('validation'),
      s('definitions'),
      s('audit'),
      s('jobs'),
      ...serverTop,
    ],
    message: 'Store backends import the store port only.',
  })),
  // The event-loop pacer is pure (node:timers only): the memory store yields with it during long scans.
  ...backends.map((target) => ({
    target,
    from: s('concurrency'),
    except: ['./event-loop-pacer.ts'],
    message: 'Store backends import the store port only (concurrency/event-loop-pacer.ts excepted).',
  })),
  { target: s('store/memory'), from: [s('store/mongo')], message: 'Backends are independent of each other.' },
  { target: s('store/mongo'), from: [s('store/memory')], message: 'Backends are independent of each other.' },
  {
    target: [s('!(main).ts'), s('!(hl7)/**')],
    from: ['adapters'],
    message: 'Only server/src/main.ts (the composition root) and server/src/hl7/ (the HL7v2 edge) may import adapters.',
  },
  {
    target: [s('!(main).ts'), s('!(hl7)/**')],
    from: [s('hl7')],
    message:
      'server/src/hl7/ is the HL7v2 edge of the server: only main.ts wires it in (app.ts takes its routes as middleware).',
  },
];

// ---- package-name arrows -------------------------------------------------------------------
const pkg = (name, message) => ({ name, message });
const noDeep = {
  // `<package>/testing` is an entry point of its exports map (test helpers such as contract suites).
  group: ['@nexushealth/*/**', '!@nexushealth/*/testing'],
  message: 'No deep imports: use the package entry point (its exports map).',
};
const sdkOnlyAllowed = {
  // Anything that is not relative, node:, jose or @medplum/fhirtypes.
  regex: '^(?!\\.{1,2}/|node:|jose$|@medplum/fhirtypes$)',
  message: 'The SDK imports only @medplum/fhirtypes (type-only), jose and node: builtins (DESIGN.md).',
};
const fhirtypesTypeOnly = {
  name: '@medplum/fhirtypes',
  allowTypeImports: true,
  message: '@medplum/fhirtypes has no runtime code: use `import type`.',
};
const notAdapters = pkg(
  '@nexushealth/adapters',
  'Only server/src/main.ts and server/src/hl7/ (the HL7v2 edge) may import @nexushealth/adapters.',
);
const noHttp = [
  pkg('koa', 'Only middleware/, http/, routes.ts and app.ts know Koa; interactions map FhirRequest → FhirResult.'),
  pkg('@koa/router', 'Only routes.ts and app.ts know the router.'),
];
const noDb = [
  pkg('mongodb', 'No database driver here: use the ResourceStore port (only store/mongo knows mongodb).'),
  pkg('bson', 'No database driver here: use the ResourceStore port (only store/mongo knows mongodb).'),
  pkg('mingo', 'Only store/memory evaluates filters with mingo.'),
  pkg('bull', 'Use the queue port; only jobs/bull* and main.ts know bull.'),
];
/**
 * server/src/hl7/ (the HL7v2 edge: inbox API, HTTP ingest) knows the adapters; of the database
 * only its MongoDB inbox backend (hl7/mongo/) knows the driver, of Koa only its routes (hl7/http/).
 */
const hl7 = (p) => s(`hl7/${p}`);
const hl7NoDb = [
  pkg('mongodb', 'In server/src/hl7/ only mongo/ (the MongoDB inbox backend) knows mongodb.'),
  ...noDb.filter((r) => r.name !== 'mongodb'),
];
const hl7NoHttp = [
  pkg('koa', 'In server/src/hl7/ only http/ (the routes) knows Koa; handlers are Koa-free.'),
  pkg('@koa/router', 'In server/src/hl7/ only http/ (the routes) knows the router.'),
];
/** One rule entry per file set; later matching blocks replace earlier options, so each set is complete. */
const restricted = (files, paths, patterns = [], ignores = []) => ({
  files,
  ignores,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns: [noDeep, ...patterns] }] },
});
const nexus = (...names) => names.map((n) => pkg(`@nexushealth/${n}`, `DESIGN.md forbids this import here.`));

export default tseslint.config(
  {
    // `.scratch*/`: helpers' throwaway folders (untracked; flat config does not read .gitignore).
    ignores: ['**/node_modules/', '**/dist/', '.services/', '.scratch*/', 'coverage/', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-throw-literal': 'error',
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: TS,
    plugins: { import: importPlugin },
    settings: {
      'import/parsers': { '@typescript-eslint/parser': ['.ts', '.mts', '.cts'] },
      'import/resolver': {
        typescript: {
          alwaysTryTypes: true,
          // The root solution tsconfig: its references cover every package, test/ and bench/.
          project: path.join(root, 'tsconfig.json'),
        },
        node: true,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-asserted-optional-chain': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      'import/no-restricted-paths': ['error', { basePath: root, zones }],
      'import/no-cycle': 'off', // madge --circular does this over the whole graph, much faster
      'import/no-self-import': 'error',
      'import/no-duplicates': 'error',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noDeep] }],
    },
  },
  // Package-name boundaries (complete option sets per file set; see `restricted`).
  restricted(['sdk/src/**/*.ts'], [fhirtypesTypeOnly, ...nexus(...others('sdk'))], [sdkOnlyAllowed], TESTS),
  // SDK tests may also use mocha/chai and the like, but still no other workspace package.
  restricted(
    TESTS.map((t) => `sdk/src/${t}`),
    [fhirtypesTypeOnly, ...nexus(...others('sdk'))],
  ),
  restricted(['profiles/src/**/*.ts', 'conformance/src/**/*.ts'], nexus('server', 'adapters', 'sdk')),
  restricted(['adapters/src/**/*.ts'], nexus('server')),
  // Later blocks win for the files they match, so each repeats the server-wide rule.
  restricted(['server/src/**/*.ts'], [notAdapters], [], ['server/src/main.ts', hl7('**')]),
  restricted([hl7('**/*.ts')], [...hl7NoDb, ...hl7NoHttp], [], [hl7('mongo/**'), hl7('http/**')]),
  restricted([hl7('mongo/**/*.ts')], [...noDb.filter((r) => r.name !== 'mongodb'), ...hl7NoHttp]),
  restricted([hl7('http/**/*.ts')], hl7NoDb),
  restricted([s('store/**/*.ts'), s('jobs/**/*.ts')], [notAdapters, ...noHttp]),
  restricted([...serverInner.map((p) => (p.endsWith('.ts') ? p : `${p}/**/*.ts`))], [notAdapters, ...noHttp, ...noDb]),
  // server/src/auth/*.ts is pure (scopes, access, token verification with jose): no Koa, no driver;
  // its http/ and mongo/ subfolders (the authorization server) are wired by app.ts/main.ts only.
  restricted([s('auth/*.ts'), s('auth/server/**/*.ts'), s('net/**/*.ts')], [notAdapters, ...noHttp, ...noDb]),
  restricted([s('auth/http/**/*.ts')], [notAdapters, ...noDb]),
  restricted([s('auth/mongo/**/*.ts')], [notAdapters, ...noHttp, ...noDb.filter((r) => r.name !== 'mongodb')]),
  // Tests of the inner layers may evaluate compiled filters with mingo (one compiler, two engines).
  restricted(
    serverInner.flatMap((p) => TESTS.map((t) => (p.endsWith('.ts') ? `${p.slice(0, -3)}.test.ts` : `${p}/${t}`))),
    [notAdapters, ...noHttp, ...noDb.filter((r) => r.name !== 'mingo')],
  ),
  {
    files: TESTS,
    // chai's property assertions (`expect(x).to.be.true`) are expressions.
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
