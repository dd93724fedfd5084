// What this browser remembers across visits about backbones, in localStorage (small, synchronous,
// read before the first render): the person's last backbone pick, and each backbone's measured
// extraction speed per backend. Everything read back is validated; anything odd reads as nothing.
import { BUILTIN_BACKBONES } from '../shared/backbone';
import type { BackboneChoice } from '../shared/session';
import type { BackbonePick } from './backboneChoice';

/** Keys in localStorage (do not change: earlier visits wrote them). */
const PICK_KEY = 'graft.backbone.v1';
const RATES_KEY = 'graft.extractRates.v1';
/** Rates kept at most (the most recent): a few bytes each, but never unbounded. */
const MAX_RATES = 50;

/** localStorage, or null where it is unavailable (some privacy modes throw on access). */
function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function readJson(key: string): unknown {
  try {
    const text = storage()?.getItem(key);
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}

function writeJson(key: string, value: unknown): void {
  try {
    storage()?.setItem(key, JSON.stringify(value));
  } catch {
    // Full or refused: remembering is a convenience, never a reason to fail.
  }
}

function restoreChoice(value: unknown): BackboneChoice | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.kind === 'builtin' && BUILTIN_BACKBONES.includes(v.id as never))
    return { kind: 'builtin', id: v.id as (typeof BUILTIN_BACKBONES)[number] };
  if (v.kind === 'imported' && typeof v.id === 'string' && v.id)
    return { kind: 'imported', id: v.id };
  if (v.kind === 'descriptor' && typeof v.url === 'string' && v.url)
    return { kind: 'descriptor', url: v.url };
  return null;
}

/** Validates a pick read back (from localStorage or a project). */
export function restorePick(value: unknown): BackbonePick | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const backbone = restoreChoice(v.backbone);
  const size = v.inputSize;
  const sizeOk = size === null || (typeof size === 'number' && Number.isInteger(size) && size > 0);
  return backbone && sizeOk ? { backbone, inputSize: size } : null;
}

export function rememberedPick(): BackbonePick | null {
  return restorePick(readJson(PICK_KEY));
}

export function rememberPick(pick: BackbonePick): void {
  // A custom backbone without its URL yet is not a choice worth coming back to.
  if (pick.backbone.kind === 'descriptor' && !pick.backbone.url) return;
  writeJson(PICK_KEY, pick);
}

/** Seconds per image of a whole extraction (decode, backbone, save), by backbone and backend. */
type Rates = Record<string, { readonly secondsPerImage: number; readonly at: number }>;

function readRates(): Rates {
  const value = readJson(RATES_KEY);
  if (typeof value !== 'object' || value === null) return {};
  const rates: Rates = {};
  for (const [key, r] of Object.entries(value as Record<string, unknown>)) {
    const rate = r as { secondsPerImage?: unknown; at?: unknown };
    if (
      typeof rate?.secondsPerImage === 'number' &&
      rate.secondsPerImage > 0 &&
      Number.isFinite(rate.secondsPerImage) &&
      typeof rate.at === 'number'
    )
      rates[key] = { secondsPerImage: rate.secondsPerImage, at: rate.at };
  }
  return rates;
}

export const rateKey = (specKey: string, backend: string) => `${specKey}|${backend}`;

export function measuredRate(key: string): number | null {
  return readRates()[key]?.secondsPerImage ?? null;
}

export function rememberRate(key: string, secondsPerImage: number): void {
  if (!(secondsPerImage > 0) || !Number.isFinite(secondsPerImage)) return;
  const rates = { ...readRates(), [key]: { secondsPerImage, at: Date.now() } };
  const kept = Object.entries(rates)
    .sort(([, a], [, b]) => b.at - a.at)
    .slice(0, MAX_RATES);
  writeJson(RATES_KEY, Object.fromEntries(kept));
}
