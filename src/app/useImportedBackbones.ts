// The backbones imported into this browser, offered in the picker; a new one is the person's pick.
import { useCallback, useEffect, useState } from 'react';
import type { ImportedBackbone } from '../shared/backboneImport';
import type { BackbonePick } from './backboneChoice';

export function useImportedBackbones(
  list: () => Promise<ImportedBackbone[]>,
  pick: (pick: BackbonePick) => void,
) {
  /** null until the list is read: an imported backbone remembered from last time is not gone yet. */
  const [imported, setImported] = useState<readonly ImportedBackbone[] | null>(null);
  const [showImport, setShowImport] = useState(false);
  useEffect(() => {
    list().then(setImported, () => setImported([]));
  }, [list]);
  const onImported = useCallback(
    (backbone: ImportedBackbone) => {
      setShowImport(false);
      setImported((all) => [...(all ?? []).filter((b) => b.id !== backbone.id), backbone]);
      pick({ backbone: { kind: 'imported', id: backbone.id }, inputSize: null });
    },
    [pick],
  );
  return { imported, showImport, setShowImport, onImported };
}
