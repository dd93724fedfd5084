// The backbone side of the page: what this device has (real weights installed or served, imported
// backbones), which backbone is chosen (useBackboneChoice), loading it as soon as the choice is
// settled so that the weights in use are always shown, and the one-click suggestion.
import { useEffect, useMemo, useState } from 'react';
import type { useSession } from './useSession';
import type { UrlOptions } from './urlOptions';
import { useBackboneChoice } from './useBackboneChoice';
import { useImportedBackbones } from './useImportedBackbones';
import { useBackboneReadiness } from './useDeviceStatus';
import { backboneSpec, specKey } from './settings';
import {
  backboneLabel,
  suggestBackbone,
  type BackbonePick,
  type DeviceBackbones,
} from './backboneChoice';
import { measuredRate, rateKey, rememberRate } from './backboneMemory';

type Session = ReturnType<typeof useSession>;

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    addEventListener('online', update);
    addEventListener('offline', update);
    return () => {
      removeEventListener('online', update);
      removeEventListener('offline', update);
    };
  }, []);
  return online;
}

export function useBackbone(urlOptions: UrlOptions, session: Session) {
  const { state, showBackbone } = session;
  const { readiness, checked } = useBackboneReadiness(
    `${state.activity.phase}-${state.extraction?.computed ?? 0}-${state.backbone?.weightsHash ?? ''}`,
  );
  const online = useOnline();
  const [importedList, setImportedList] = useState<DeviceBackbones['imported']>(null);
  const device = useMemo<DeviceBackbones>(
    () => ({ readiness, imported: importedList, online }),
    [readiness, importedList, online],
  );
  const choice = useBackboneChoice(urlOptions, device);
  const imports = useImportedBackbones(session.importedBackbones, choice.pick);
  const { imported } = imports;
  useEffect(() => setImportedList(imported), [imported]);

  const { settings } = choice;
  const spec = backboneSpec(settings);
  const key = specKey(spec);
  // Built-in and imported backbones load as soon as the backend is up, so the weights in use are
  // always shown (a descriptor's URL may be half typed: it loads on Train). Not before what this
  // device has is known: the default may then be a real backbone, and the provisional one would
  // have been loaded for nothing.
  const settled = checked && importedList !== null;
  const loads = spec.kind !== 'descriptor';
  const backendReady = state.backend !== null;
  useEffect(() => {
    if (backendReady && settled && loads) void showBackbone(spec);
    // Deps: key is spec's identity
  }, [backendReady, settled, loads, key, showBackbone]);

  // An extraction that computed images measured the whole pipeline's speed: the next estimate for
  // this backbone on this backend starts from it rather than from the one-batch benchmark.
  const { extraction, extractionRate } = state;
  useEffect(() => {
    const ran = extraction?.backend?.name ?? state.backend?.name;
    if (extraction && extractionRate && ran) rememberRate(rateKey(key, ran), 1 / extractionRate);
    // Deps: once per finished extraction
  }, [extraction]);

  const backend = state.backend?.name ?? null;
  const secondsPerImage = (pick: BackbonePick) =>
    backend && measuredRate(rateKey(specKey(backboneSpec({ ...settings, ...pick })), backend));
  const suggestion = suggestBackbone(
    { backbone: settings.backbone, inputSize: settings.inputSize },
    device,
    secondsPerImage,
  );
  const loadedName = state.backboneSpec === key ? (state.backbone?.name ?? null) : null;

  return {
    ...choice,
    ...imports,
    /** Imported backbones for the picker (none until the list is read). */
    imported: imported ?? [],
    spec,
    specKey: key,
    label: backboneLabel(settings.backbone, imported, loadedName),
    suggestion,
    readiness,
  };
}
