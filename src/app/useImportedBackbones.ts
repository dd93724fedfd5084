// The backbones imported into this browser, offered in the picker; a new one is selected at once.
import { useCallback, useEffect, useState } from 'react';
import type { ImportedBackbone } from '../shared/backboneImport';
import type { Settings } from '../shared/session';

export function useImportedBackbones(
  list: () => Promise<ImportedBackbone[]>,
  setSettings: (update: (s: Settings) => Settings) => void,
) {
  const [imported, setImported] = useState<readonly ImportedBackbone[]>([]);
  const [showImport, setShowImport] = useState(false);
  useEffect(() => {
    list().then(setImported, () => setImported([]));
  }, [list]);
  const onImported = useCallback(
    (backbone: ImportedBackbone) => {
      setShowImport(false);
      setImported((all) => [...all.filter((b) => b.id !== backbone.id), backbone]);
      setSettings((s) => ({
        ...s,
        backbone: { kind: 'imported', id: backbone.id },
        inputSize: null,
      }));
    },
    [setSettings],
  );
  return { imported, showImport, setShowImport, onImported };
}
