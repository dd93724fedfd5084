// The page's settings with the backbone decided by backboneChoice.ts: the person's pick in this
// visit, the project's, the one remembered from the last visit, or the best real one here. The
// person's pick is remembered for the next visit; a restore never overrides it.
import { useCallback, useMemo, useRef, useState } from 'react';
import type { Settings } from '../shared/session';
import type { UrlOptions } from './urlOptions';
import { defaultSettings } from './settings';
import {
  chooseBackbone,
  pickKey,
  pickOf,
  type BackbonePick,
  type DeviceBackbones,
} from './backboneChoice';
import { rememberedPick, rememberPick, restorePick } from './backboneMemory';

/** Restore: the page reopening the last project by itself; open: the person opening one. */
export type ProjectArrival = 'restore' | 'open';

export function useBackboneChoice(urlOptions: UrlOptions, device: DeviceBackbones) {
  const [rest, setRest] = useState(() => defaultSettings(urlOptions));
  const [person, setPerson] = useState<BackbonePick | null>(null);
  const [project, setProject] = useState<BackbonePick | null>(null);
  const [remembered] = useState(rememberedPick);
  /** The person changed a setting in this visit: a restore keeps their settings, not the project's. */
  const touched = useRef(false);

  const url = useMemo<BackbonePick | null>(
    () =>
      urlOptions.backboneUrl
        ? {
            backbone: { kind: 'descriptor', url: urlOptions.backboneUrl },
            inputSize: urlOptions.inputSize,
          }
        : null,
    [urlOptions],
  );
  const chosen = chooseBackbone(
    { url, urlInputSize: urlOptions.inputSize, person, project, remembered },
    device,
  );
  const currentKey = pickKey(chosen.pick);
  // One object per change, not per render: effects that save the settings depend on it.
  // Deps: currentKey is chosen.pick's identity
  const settings: Settings = useMemo(() => ({ ...rest, ...chosen.pick }), [rest, currentKey]);

  /** The person picked a backbone (the picker, an import, a suggestion). */
  const pick = useCallback((next: BackbonePick) => {
    touched.current = true;
    setPerson(next);
    rememberPick(next);
  }, []);

  /** The person edited the settings form: a new backbone or size is their pick. */
  const change = useCallback(
    (next: Settings) => {
      touched.current = true;
      if (pickKey(pickOf(next)) !== currentKey) pick(pickOf(next));
      setRest(next);
    },
    [currentKey, pick],
  );

  /** A project's saved settings arrive; what the person picked meanwhile stays. */
  const arrive = useCallback((saved: Settings | null, how: ProjectArrival) => {
    const savedPick = saved && restorePick(pickOf(saved));
    if (how === 'open') {
      // Opening a project is the newer choice: its backbone, and its settings.
      setPerson(null);
      setProject(savedPick);
      if (saved) setRest(saved);
      return;
    }
    setProject(savedPick);
    if (saved && !touched.current) setRest(saved);
  }, []);

  return { settings, source: chosen.source, pick, change, arrive };
}
