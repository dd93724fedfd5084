// Vitest setup, run before each test file. Test files share their worker's modules (vitest.config.ts:
// `isolate: false`, so TensorFlow.js and the rest load once per worker, not once per file), so what
// one file leaves in the globals the next one starts from. IndexedDB is the state that matters:
// each file gets a new, empty fake-indexeddb, so no file sees another's databases. (The tfjs backend
// is left as it is: a file that depends on one sets it in its beforeAll.)
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll } from 'vitest';

beforeAll(() => {
  globalThis.indexedDB = new IDBFactory();
});
