// Older versions of the app's database, built by hand exactly as those versions' upgrades made
// them, for the migration tests.

export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * Version 3: features, backend choices and installed weights, holding one feature
 * (`v1|old` / `aa`, values [1, 2]) and VGG16 weights installed from `a.h5`.
 */
export async function writeVersion3(name: string): Promise<void> {
  const open = indexedDB.open(name, 3);
  open.onupgradeneeded = () => {
    const db = open.result;
    db.createObjectStore('features', { keyPath: ['settingsId', 'hash'] });
    db.createObjectStore('backendChoices', { keyPath: ['device', 'backbone', 'inputSize'] });
    db.createObjectStore('weights', { keyPath: 'id' });
  };
  const db = await request(open);
  const tx = db.transaction(['features', 'weights'], 'readwrite');
  tx.objectStore('features').put({
    settingsId: 'v1|old',
    hash: 'aa',
    shape: [2],
    dtype: 'float32',
    data: new Float32Array([1, 2]).buffer,
    createdAt: 1,
  });
  tx.objectStore('weights').put({
    id: 'vgg16',
    from: 'a.h5',
    installedAt: 'x',
    weightsHash: 'w',
    weightSpecs: [],
    weightData: new ArrayBuffer(4),
    bytes: 4,
  });
  await new Promise((resolve) => (tx.oncomplete = resolve));
  db.close();
}
