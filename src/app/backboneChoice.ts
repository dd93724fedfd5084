// Which backbone the page uses, decided in one place from everything that has a say: the URL, the
// person (this visit), the project restored or opened, the choice remembered from the last visit,
// and what this device has (real weights installed, served or imported). Pure, so the precedence
// is tested without React or a worker. The rules, in order:
// - `?backbone=` wins when given (automation);
// - a choice the person made in this visit wins over anything restored after it;
// - then the project's backbone, then the one remembered from the last visit, unless it is gone (an
//   imported backbone deleted) or would run on generated weights while something real exists;
// - else the best real backbone here; generated weights only when nothing real exists at all.
import { BUILTIN_BACKBONES, BUILTIN_BACKBONE_FACTS } from '../shared/backbone';
import type { ImportedBackbone } from '../shared/backboneImport';
import type { BackboneReadiness } from '../shared/offline';
import { DEFAULT_INPUT_SIZE, type BackboneChoice, type Settings } from '../shared/session';

/** A backbone with the input size it runs at (null: the backbone's own). */
export interface BackbonePick {
  readonly backbone: BackboneChoice;
  readonly inputSize: number | null;
}

/** What this device offers; a part that is null is not known yet. */
export interface DeviceBackbones {
  readonly readiness: BackboneReadiness | null;
  readonly imported: readonly ImportedBackbone[] | null;
  /** Served weights that still need the network count as real only while online. */
  readonly online: boolean;
}

/**
 * real: pretrained weights (installed, served, imported, or a URL taken as meant); generated: it
 * would run on generated test weights; missing: it is not on this device any more; unknown: not
 * known yet.
 */
export type Realness = 'real' | 'generated' | 'missing' | 'unknown';

export type ChoiceSource = 'url' | 'person' | 'project' | 'remembered' | 'default';

export interface ChoiceInputs {
  /** `?backbone=` (a descriptor URL). */
  readonly url: BackbonePick | null;
  /** `?size=`: the input size for a built-in or descriptor backbone not picked by the person. */
  readonly urlInputSize: number | null;
  /** Picked by the person in this visit (the picker, an import, a suggestion). */
  readonly person: BackbonePick | null;
  /** The backbone saved with the project restored or opened. */
  readonly project: BackbonePick | null;
  /** The person's last pick, from an earlier visit. */
  readonly remembered: BackbonePick | null;
}

export interface ChosenBackbone {
  readonly pick: BackbonePick;
  readonly source: ChoiceSource;
}

export const pickKey = (pick: BackbonePick) => JSON.stringify([pick.backbone, pick.inputSize]);

export const pickOf = (settings: Settings): BackbonePick => ({
  backbone: settings.backbone,
  inputSize: settings.inputSize,
});

const FALLBACK: BackbonePick = {
  backbone: { kind: 'builtin', id: 'vgg16' },
  inputSize: DEFAULT_INPUT_SIZE,
};

export function realnessOf(choice: BackboneChoice, device: DeviceBackbones): Realness {
  switch (choice.kind) {
    case 'descriptor':
      return choice.url ? 'real' : 'missing';
    case 'imported':
      if (!device.imported) return 'unknown';
      return device.imported.some((b) => b.id === choice.id) ? 'real' : 'missing';
    case 'builtin': {
      const readiness = device.readiness?.[choice.id];
      if (!readiness) return 'unknown';
      const real =
        readiness === 'installed' ||
        readiness === 'cached' ||
        (readiness === 'needs-network' && device.online);
      return real ? 'real' : 'generated';
    }
  }
}

/**
 * The real backbones here, best first: the built-in ones in the app's order (VGG16, then
 * MobileNetV2), then the imported ones, the newest first.
 */
export function realBackbones(device: DeviceBackbones): BackbonePick[] {
  const builtin = BUILTIN_BACKBONES.filter(
    (id) => realnessOf({ kind: 'builtin', id }, device) === 'real',
  ).map((id): BackbonePick => ({
    backbone: { kind: 'builtin', id },
    inputSize: BUILTIN_BACKBONE_FACTS[id].defaultInputSize,
  }));
  const imported = [...(device.imported ?? [])]
    .sort((a, b) => b.importedAt.localeCompare(a.importedAt))
    .map((b): BackbonePick => ({ backbone: { kind: 'imported', id: b.id }, inputSize: null }));
  return [...builtin, ...imported];
}

/** A restored pick stands unless it is gone, or would run on generated weights beside real ones. */
function stands(pick: BackbonePick, device: DeviceBackbones, anyReal: boolean): boolean {
  const realness = realnessOf(pick.backbone, device);
  return realness !== 'missing' && !(realness === 'generated' && anyReal);
}

export function chooseBackbone(inputs: ChoiceInputs, device: DeviceBackbones): ChosenBackbone {
  if (inputs.url) return { pick: inputs.url, source: 'url' };
  if (inputs.person) return { pick: inputs.person, source: 'person' };
  const real = realBackbones(device);
  const sized = (pick: BackbonePick): BackbonePick =>
    inputs.urlInputSize !== null && pick.backbone.kind !== 'imported'
      ? { ...pick, inputSize: inputs.urlInputSize }
      : pick;
  for (const source of ['project', 'remembered'] as const) {
    const pick = inputs[source];
    if (pick && stands(pick, device, real.length > 0)) return { pick: sized(pick), source };
  }
  return { pick: sized(real[0] ?? FALLBACK), source: 'default' };
}

/** The label a person knows the backbone by, before (or without) loading it. */
export function backboneLabel(
  choice: BackboneChoice,
  imported: readonly ImportedBackbone[] | null,
  loadedName: string | null,
): string {
  if (choice.kind === 'builtin') return BUILTIN_BACKBONE_FACTS[choice.id].label;
  if (choice.kind === 'imported')
    return imported?.find((b) => b.id === choice.id)?.name ?? loadedName ?? 'the imported backbone';
  return loadedName ?? 'this backbone';
}

/** One click to a better backbone: faster than VGG16, or real where the one chosen is generated. */
export interface BackboneSuggestion {
  readonly pick: BackbonePick;
  readonly label: string;
  readonly reason: 'faster' | 'real';
  /** Its cost relative to the chosen one; null when not known. */
  readonly costRatio: number | null;
  /** Where costRatio comes from: operation counts, or speeds measured here. */
  readonly costFrom: 'operations' | 'measured' | null;
}

/**
 * Never points at generated weights: only real backbones are suggested. `secondsPerImage` gives a
 * backbone's measured speed here when known: an imported backbone is suggested as faster only on a
 * measurement, never on a guess.
 */
export function suggestBackbone(
  chosen: BackbonePick,
  device: DeviceBackbones,
  secondsPerImage: (pick: BackbonePick) => number | null = () => null,
): BackboneSuggestion | null {
  const others = realBackbones(device).filter((p) => pickKey(p) !== pickKey(chosen));
  const label = (pick: BackbonePick) => backboneLabel(pick.backbone, device.imported, null);
  if (realnessOf(chosen.backbone, device) === 'generated' && others[0])
    return {
      pick: others[0],
      label: label(others[0]),
      reason: 'real',
      costRatio: null,
      costFrom: null,
    };
  if (chosen.backbone.kind !== 'builtin' || chosen.backbone.id !== 'vgg16') return null;
  const mobileNet = others.find((p) => p.backbone.kind === 'builtin');
  if (mobileNet) {
    const ratio =
      BUILTIN_BACKBONE_FACTS.mobilenetv2.gMultiplyAddsAt224 /
      BUILTIN_BACKBONE_FACTS.vgg16.gMultiplyAddsAt224;
    return {
      pick: mobileNet,
      label: label(mobileNet),
      reason: 'faster',
      costRatio: ratio,
      costFrom: 'operations',
    };
  }
  const own = secondsPerImage(chosen);
  if (own === null) return null;
  for (const pick of others) {
    const theirs = secondsPerImage(pick);
    if (theirs !== null && theirs < own)
      return {
        pick,
        label: label(pick),
        reason: 'faster',
        costRatio: theirs / own,
        costFrom: 'measured',
      };
  }
  return null;
}
