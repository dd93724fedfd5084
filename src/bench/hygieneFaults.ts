// Seeded faults for the hygiene benchmark (npm run bench:hygiene), made in the page with the
// browser's own codecs: labels moved to another class folder; resized, re-encoded and cropped
// copies of photos (new bytes, so ingestion keeps them as separate images); and planted outliers (a
// black frame, a flat grey placeholder, a screenshot-like page of text lines).
import type { DroppedFile } from '../shared/dataset';
import { createRng, shuffledIndices } from '../ml/random';

export type CopyKind = 'resized' | 'reencoded' | 'cropped';
export const COPY_KINDS: readonly CopyKind[] = ['resized', 'reencoded', 'cropped'];

export interface FaultPlan {
  /** Share of the photos whose label is moved. */
  readonly flipShare: number;
  /** Share of the photos that get a copy (kinds in turn). */
  readonly copyShare: number;
  readonly outliers: number;
}

export const DEFAULT_FAULTS: FaultPlan = { flipShare: 0.04, copyShare: 0.05, outliers: 3 };

export interface InjectedFaults {
  readonly files: DroppedFile[];
  /** Paths (as imported) of the moved images, with their true class. */
  readonly flipped: ReadonlyMap<string, string>;
  /** Path of each copy -> path of its original, and its kind. */
  readonly copies: ReadonlyMap<string, { readonly original: string; readonly kind: CopyKind }>;
  readonly outliers: ReadonlySet<string>;
}

const classOf = (path: string) => path.split('/')[0]!;
const nameOf = (path: string) => path.split('/').slice(1).join('/');

async function jpeg(canvas: OffscreenCanvas, quality: number): Promise<Blob> {
  return canvas.convertToBlob({ type: 'image/jpeg', quality });
}

/** A copy as a photo library or a re-upload would make it. */
async function makeCopy(file: Blob, kind: CopyKind): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  try {
    const { width, height } = bitmap;
    if (kind === 'resized') {
      const canvas = new OffscreenCanvas(Math.round(width * 0.5), Math.round(height * 0.5));
      canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return jpeg(canvas, 0.9);
    }
    if (kind === 'reencoded') {
      const canvas = new OffscreenCanvas(width, height);
      canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
      return jpeg(canvas, 0.5);
    }
    // Cropped: the central 80% of each side (64% of the area), as a re-framed shot.
    const [w, h] = [Math.round(width * 0.8), Math.round(height * 0.8)];
    const canvas = new OffscreenCanvas(w, h);
    canvas.getContext('2d')!.drawImage(bitmap, (width - w) / 2, (height - h) / 2, w, h, 0, 0, w, h);
    return jpeg(canvas, 0.9);
  } finally {
    bitmap.close();
  }
}

async function outlierImage(index: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(320, 240);
  const g = canvas.getContext('2d')!;
  if (index % 3 === 0) {
    g.fillStyle = '#000';
    g.fillRect(0, 0, 320, 240);
  } else if (index % 3 === 1) {
    g.fillStyle = '#c8c8c8';
    g.fillRect(0, 0, 320, 240);
    g.fillStyle = '#888';
    g.fillRect(130, 90, 60, 60); // the "no image" square of a placeholder
  } else {
    g.fillStyle = '#fff';
    g.fillRect(0, 0, 320, 240);
    g.fillStyle = '#222';
    g.font = '12px sans-serif';
    for (let y = 20; y < 240; y += 18) g.fillText('Lorem ipsum dolor sit amet, consectetur', 10, y);
  }
  return jpeg(canvas, 0.9);
}

/** Applies `plan` to `files` with `seed`; flips, copies and outliers never touch the same photo. */
export async function injectFaults(
  files: readonly DroppedFile[],
  plan: FaultPlan,
  seed: number,
): Promise<InjectedFaults> {
  const rng = createRng(seed);
  const order = shuffledIndices(files.length, rng);
  const classes = [...new Set(files.map((f) => classOf(f.path)))].sort();
  const flipCount = Math.round(files.length * plan.flipShare);
  const copyCount = Math.round(files.length * plan.copyShare);
  const flipSet = new Set(order.slice(0, flipCount));
  const copySet = order.slice(flipCount, flipCount + copyCount);
  const taken = new Set(files.map((f) => f.path));

  const flipped = new Map<string, string>();
  const out: DroppedFile[] = files.map((f, i) => {
    if (!flipSet.has(i)) return f;
    const from = classOf(f.path);
    const others = classes.filter((c) => c !== from);
    const to = others[Math.floor(rng() * others.length)]!;
    let path = `${to}/${nameOf(f.path)}`;
    if (taken.has(path)) path = `${to}/moved-${nameOf(f.path)}`;
    taken.add(path);
    flipped.set(path, from);
    return { ...f, path };
  });

  const copies = new Map<string, { original: string; kind: CopyKind }>();
  for (const [n, i] of copySet.entries()) {
    const original = files[i]!;
    const kind = COPY_KINDS[n % COPY_KINDS.length]!;
    const path = `${classOf(original.path)}/${kind}-copy-${nameOf(original.path)}`;
    const blob = await makeCopy(original.file, kind);
    out.push({ path, file: new File([blob], path.split('/').pop()!, { type: 'image/jpeg' }) });
    copies.set(path, { original: original.path, kind });
  }

  const outliers = new Set<string>();
  for (let n = 0; n < plan.outliers; n++) {
    const path = `${classes[n % classes.length]!}/outlier-${n}.jpg`;
    const blob = await outlierImage(n);
    out.push({ path, file: new File([blob], `outlier-${n}.jpg`, { type: 'image/jpeg' }) });
    outliers.add(path);
  }
  return { files: out, flipped, copies, outliers };
}
