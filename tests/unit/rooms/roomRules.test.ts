// The room rules (docs/architecture.md, eslint.config.js) bite: a file that breaks one is rejected by
// `npm run lint`, type-only imports included, and the imports the table allows pass.
import { ESLint } from 'eslint';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The restricted-import messages ESLint gives `code` as if it were the file at `filePath`. */
async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('room rules', () => {
  it.each([
    ['src/ui/Bad/index.tsx', "import type { Head } from '../../ml/head/head';", 'src/ml'],
    ['src/ui/Bad/index.tsx', "import { openGraftDb } from '../../storage/db';", 'src/storage'],
    ['src/ui/Bad/index.tsx', "import type { EngineApi } from '../../engine/engine';", 'src/engine'],
    ['src/ui/Bad/index.tsx', "import type { Phase } from '../../app/session';", 'src/app'],
    ['src/ui/Bad/index.tsx', "import { ingestFiles } from '../../data/ingest';", 'src/data'],
    [
      'src/ml/head/bad.ts',
      "import type { FeatureCache } from '../../storage/featureCache';",
      'src/storage',
    ],
    ['src/ml/bad.ts', "import type { DecodeFn } from '../data/decode';", 'src/data'],
    ['src/shared/bad.ts', "import type { Backbone } from '../ml/backbones/backbone';", 'src/ml'],
    ['src/storage/bad.ts', "import { trainHead } from '../ml/head/train';", 'src/ml'],
    ['src/sw/bad.ts', "import { openGraftDb } from '../storage/db';", 'src/storage'],
  ])('%s may not: %s', async (file, code, room) => {
    const found = await violations(file, code);
    expect(found).toEqual([expect.stringContaining(`may not import ${room}`)]);
  });

  it.each([
    ['src/ui/Bad.tsx', "import * as tf from '@tensorflow/tfjs';", 'TensorFlow.js'],
    ['src/data/bad.ts', "import * as tf from '@tensorflow/tfjs';", 'TensorFlow.js'],
    ['src/ml/bad.ts', "import { openDB } from 'idb';", 'idb'],
    ['src/engine/bad.ts', "import { openDB } from 'idb';", 'idb'],
    ['src/engine/bad.ts', "import h5wasm from 'h5wasm';", 'h5wasm'],
    ['src/worker/bad.ts', "import { useState } from 'react';", 'React'],
    ['src/ui/Bad.tsx', "import { Workbox } from 'workbox-window';", 'Workbox'],
  ])('%s may not import a package: %s', async (file, code, what) => {
    expect(await violations(file, code)).toEqual([expect.stringContaining(`import ${what}`)]);
  });

  it.each([
    ['src/ui/Good/index.tsx', "import type { Phase } from '../../shared/session';"],
    ['src/app/good.ts', "import { withEngine } from '../bridge/engine';"],
    ['src/engine/good.ts', "import type { FeatureCache } from '../storage/featureCache';"],
    ['src/ml/backbones/good.ts', "import type { BackendStatus } from '../../shared/engine';"],
    ['src/ml/head/good.ts', "import * as tf from '@tensorflow/tfjs';"],
    ['src/storage/good.ts', "import { openDB } from 'idb';"],
    ['src/sw/good.ts', "import { precacheAndRoute } from 'workbox-precaching';"],
  ])('%s may: %s', async (file, code) => {
    expect(await violations(file, code)).toEqual([]);
  });
});

/** A tsconfig file as tsc reads it (comments allowed). */
function tsconfig(path: string): { include?: string[]; references?: { path: string }[] } {
  const { config, error } = ts.readConfigFile(path, (file) => ts.sys.readFile(file));
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return config as { include?: string[]; references?: { path: string }[] };
}

describe('every source file is in a room', () => {
  it('src/ holds the rooms of the rule table and nothing else, each type-checked', async () => {
    // Loaded by URL: the config is plain JavaScript, which the type check leaves alone.
    const { ROOM_IMPORTS } = (await import(pathToFileURL(resolve('eslint.config.js')).href)) as {
      ROOM_IMPORTS: Record<string, readonly string[]>;
    };
    const rooms = Object.keys(ROOM_IMPORTS).sort();
    const entries = readdirSync('src', { withFileTypes: true });
    // A file beside the rooms, or a folder the table does not name, would escape the rules.
    expect(entries.filter((e) => !e.isDirectory()).map((e) => e.name)).toEqual([]);
    expect(entries.map((e) => e.name).sort()).toEqual(rooms);
    // What `tsc -b` (npm run typecheck) checks: the projects tsconfig.json refers to.
    const checked = (tsconfig('tsconfig.json').references ?? []).flatMap(
      (project) => tsconfig(project.path).include ?? [],
    );
    for (const room of rooms) expect(checked).toContain(`src/${room}`);
  });
});
