import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The rooms of src/ and which other rooms each may import (docs/architecture.md, "Room rules"). Type-only imports
// count too: a room that needs another's type should find it in shared/. A room always imports
// itself and shared/ (except shared/, which imports nothing of the project).
export const ROOM_IMPORTS = {
  app: ['ui', 'bridge'],
  ui: [],
  bridge: ['worker'], // the worker's API type only: the worker itself is started by URL
  worker: ['engine', 'ml', 'data', 'storage'],
  engine: ['ml', 'data', 'storage'],
  ml: [],
  data: [],
  storage: [],
  shared: [],
  bench: ['bridge', 'engine', 'ml'], // benchmark pages, not shipped in the app
  sw: [], // the service worker
};
const ROOMS = Object.keys(ROOM_IMPORTS);

// Which rooms may import a package at all.
const PACKAGE_ROOMS = [
  { packages: ['@tensorflow/*'], rooms: ['ml', 'engine'], what: 'TensorFlow.js' },
  { packages: ['h5wasm'], rooms: ['ml'], what: 'h5wasm' },
  { packages: ['idb', 'idb/*'], rooms: ['storage'], what: 'idb' },
  { packages: ['workbox-*'], rooms: ['sw', 'app'], what: 'Workbox' },
  { packages: ['react', 'react-dom', 'react-dom/*'], rooms: ['app', 'ui'], what: 'React' },
];

/** A relative import that climbs out to src/ and enters `room` (room names are unique under src/). */
const roomImport = (room) => ({
  regex: `^(\\.\\./)+${room}(/|$)`,
  message: `This room may not import src/${room} (see the room rules in docs/architecture.md).`,
});

function roomRules(room) {
  const allowed = new Set([room, ...ROOM_IMPORTS[room], ...(room === 'shared' ? [] : ['shared'])]);
  const patterns = [
    ...ROOMS.filter((other) => !allowed.has(other)).map(roomImport),
    ...PACKAGE_ROOMS.filter((p) => !p.rooms.includes(room)).map((p) => ({
      group: p.packages,
      message: `Only src/${p.rooms.join(', src/')} import ${p.what}.`,
    })),
  ];
  return {
    files: [`src/${room}/**/*.{ts,tsx}`],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public', 'test-results', 'playwright-report', '.bench'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...ROOMS.map(roomRules),
  {
    files: ['src/ui/**/*.tsx', 'src/app/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['scripts/**', 'tests/**', '*.config.{ts,js}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
