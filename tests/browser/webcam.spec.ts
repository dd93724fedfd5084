// The webcam end to end in real Chromium: its fake camera plays a Y4M video this test writes from
// generated images, the real worker classifies the frames, captured frames join the dataset.
import { test, expect, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs } from '../../playwright.config';
import { lighterChromium } from '../../scripts/lib/chromiumFeatures.mjs';
import { encodePng } from '../helpers/png';
import { writeY4m } from '../helpers/y4m';
import { mulberry32 } from '../../src/ml/random';
import { hasAssets, MISSING_ASSETS_REASON } from '../helpers/assets';
import { GraftPage } from './graftPage';
import { traceMainThread } from './pageProbes';
import { serveMobileNetDescriptor } from './mobileNetDescriptor';

const PER_CLASS = 12;
const VIDEO_SIZE = 96;
const OPTIONS = { backend: 'wasm', size: '32', epochs: '15' };
const dir = mkdtempSync(join(tmpdir(), 'graft-webcam-'));

/** 30 frames (3 s at 10 fps, then it loops): each a different drawing of the same kind. */
function video(name: string, draw: (random: () => number) => Uint8Array): string {
  const random = mulberry32(99);
  const frames = Array.from({ length: 30 }, () => draw(random));
  return writeY4m(join(dir, `${name}.y4m`), VIDEO_SIZE, VIDEO_SIZE, frames);
}

type Rgb = readonly [number, number, number];

/**
 * A jittered checkerboard in two shades of `colour`. The classes differ by colour because the tests
 * run VGG16 with generated (untrained) weights, whose features keep colour far better than shape.
 */
function drawChecks(colour: Rgb, random: () => number): Uint8Array {
  const pixels = new Uint8Array(VIDEO_SIZE * VIDEO_SIZE * 3);
  const cell = 10 + Math.floor(random() * 6);
  const [dx, dy] = [Math.floor(random() * cell), Math.floor(random() * cell)];
  const light = 0.85 + random() * 0.15;
  const shades = [light, 0.45 + random() * 0.15];
  for (let y = 0; y < VIDEO_SIZE; y++) {
    for (let x = 0; x < VIDEO_SIZE; x++) {
      const shade = shades[(Math.floor((x + dx) / cell) + Math.floor((y + dy) / cell)) % 2]!;
      for (let c = 0; c < 3; c++) {
        pixels[(y * VIDEO_SIZE + x) * 3 + c] = Math.min(255, colour[c]! * shade + random() * 12);
      }
    }
  }
  return pixels;
}

const CLASSES: Record<string, Rgb> = {
  red: [230, 40, 40],
  green: [40, 200, 60],
  blue: [40, 60, 230],
};
/** What the camera shows: a colour no class of the base dataset has. */
const CAMERA: Rgb = [235, 215, 40];

/** `perClass` PNGs per class under a new folder; `extra` adds classes. */
function writeDataset(extra: Record<string, Rgb> = {}): string {
  const root = mkdtempSync(join(dir, 'dataset-'));
  const random = mulberry32(5);
  for (const [name, colour] of Object.entries({ ...CLASSES, ...extra })) {
    mkdirSync(join(root, name));
    for (let i = 0; i < PER_CLASS; i++) {
      const png = encodePng(VIDEO_SIZE, VIDEO_SIZE, drawChecks(colour, random));
      writeFileSync(join(root, name, `${name}-${i}.png`), png);
    }
  }
  return root;
}

// GPU compositing here, unlike the other browser tests (testChromiumArgs): under software
// compositing, the first sample after the camera reopens read "blue" for the yellow camera in 3 of
// 22 runs of the live test (none in 8 with GPU compositing), although every frame the page grabbed
// from the video was yellow. The cause is not known.
const cameraArgs = (file: string) => ({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [
      ...lighterChromium(chromiumArgs),
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${file}`,
    ],
  },
});

/** Every camera track the page opened, so the test can check they were released. */
async function recordTracks(page: Page) {
  await page.addInitScript(() => {
    const tracks: MediaStreamTrack[] = [];
    Object.assign(window, { __graftTracks: tracks });
    const devices = navigator.mediaDevices;
    const open = devices.getUserMedia.bind(devices);
    devices.getUserMedia = async (constraints) => {
      const stream = await open(constraints);
      tracks.push(...stream.getTracks());
      return stream;
    };
  });
}

const trackStates = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __graftTracks: MediaStreamTrack[] }).__graftTracks.map(
      (t) => t.readyState,
    ),
  );

/** Trains on the base classes plus "yellow", drawn like the camera's frames but not the same ones. */
async function trainedWithYellow(
  page: Page,
  options: Record<string, string> = {},
): Promise<GraftPage> {
  const dataset = writeDataset({ yellow: CAMERA });
  const app = new GraftPage(page);
  await app.open({ ...OPTIONS, ...options });
  await app.importFolder(dataset);
  await app.train();
  return app;
}

const speed = (page: Page) => page.getByTestId('webcam-speed');
const sent = async (page: Page) => Number(await speed(page).getAttribute('data-sent'));

/** The top class over the next `count` predictions (not one lucky frame). */
async function topClasses(page: Page, count = 5): Promise<string[]> {
  await expect(page.getByTestId('webcam-top')).toBeVisible({ timeout: 60_000 });
  const seen: string[] = [];
  for (let i = 0; i < count; i++) {
    const before = await sent(page);
    await expect.poll(() => sent(page), { timeout: 60_000 }).toBeGreaterThan(before + 1);
    seen.push(await page.getByTestId('webcam-top').innerText());
  }
  return seen;
}

// One fake camera for the file (Playwright launches one browser per worker): yellow checkerboards.
test.use(cameraArgs(video('camera', (random) => drawChecks(CAMERA, random))));

test.describe('a camera showing a class the model was trained on', () => {
  test('names the class live, one frame in flight, no long task from the loop; closing releases the camera', async ({
    page,
  }) => {
    await recordTracks(page);
    await trainedWithYellow(page);
    await page.getByRole('button', { name: 'Webcam', exact: true }).click();
    expect(await topClasses(page)).toEqual(Array(5).fill('yellow'));
    // Generated VGG16 weights: the panel says what the evaluation says. Four held-out images per
    // split are too few to measure a "not sure" level, so every frame names its class.
    const panel = page.getByTestId('webcam-panel');
    await expect(panel.getByTestId('weights-warning')).toContainText(
      'What the camera sees is meaningless',
    );
    await expect(page.getByTestId('webcam-top')).toHaveAttribute('data-sure', 'true');
    await expect(page.getByTestId('webcam-floor')).toContainText('No "not sure" level: only');

    // The main thread from here on, traced: while the loop classifies 20 frames, no task on it may
    // take 50 ms of CPU, the threshold of a long task. CPU time, not wall time (a frame's callback
    // took 80 ms of wall time on a busy machine), so the check holds whatever else runs.
    const tracing = await traceMainThread(page);
    const sentBefore = await sent(page);
    await expect.poll(() => sent(page), { timeout: 120_000 }).toBeGreaterThan(sentBefore + 20);
    const longest = await tracing.stop();
    console.log(
      `${(await sent(page)) - sentBefore} frames classified; longest main-thread task ${longest.appCpuMs} ms CPU (${longest.anyWallMs} ms wall)`,
    );
    expect(longest.appCpuMs).toBeLessThan(50);

    // Counted inside the worker: never two frames at once.
    await expect(speed(page)).toHaveAttribute('data-max-in-flight', '1');
    await expect(page.getByTestId('webcam-fps')).toHaveText(/^\d+(\.\d+)?$/);
    expect(Number(await page.getByTestId('webcam-fps').innerText())).toBeGreaterThan(0);
    expect(Number(await page.getByTestId('webcam-latency').innerText())).toBeGreaterThan(0);
    console.log(`webcam: ${await speed(page).innerText()}`);

    // A camera unplugged mid-stream: a message, and the panel starts again on request.
    await page.evaluate(() =>
      (window as unknown as { __graftTracks: MediaStreamTrack[] }).__graftTracks
        .at(-1)!
        .dispatchEvent(new Event('ended')),
    );
    await expect(page.getByTestId('webcam-error')).toContainText('stopped sending pictures');
    await page.getByRole('button', { name: 'Start camera' }).click();
    await expect(page.getByTestId('webcam-video')).toHaveAttribute('data-state', 'live');
    expect(await topClasses(page, 2)).toEqual(Array(2).fill('yellow'));

    // A hidden tab releases the camera; showing the tab again reopens it.
    const setVisibility = (state: 'hidden' | 'visible') =>
      page.evaluate((value) => {
        Object.defineProperty(document, 'visibilityState', { value, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    await setVisibility('hidden');
    await expect(page.getByTestId('webcam-video')).toHaveAttribute('data-state', 'paused');
    expect((await trackStates(page)).every((s) => s === 'ended')).toBe(true);
    await setVisibility('visible');
    await expect(page.getByTestId('webcam-video')).toHaveAttribute('data-state', 'live');
    expect(await topClasses(page, 2)).toEqual(Array(2).fill('yellow'));

    await page.getByRole('button', { name: 'Close webcam' }).click();
    await expect(page.getByTestId('webcam-panel')).toHaveCount(0);
    const states = await trackStates(page);
    expect(states.length).toBeGreaterThanOrEqual(3);
    expect(states.every((s) => s === 'ended')).toBe(true);
  });
});

test.describe('a model with a confidence floor', () => {
  test('below the floor the webcam and a single image say "not sure", with the best guess beside', async ({
    page,
  }) => {
    const dataset = writeDataset();
    const app = new GraftPage(page);
    await app.open(OPTIONS);
    await app.importFolder(dataset);
    await app.train();
    // Generated VGG16 weights drive the softmax to exactly 1 for any picture, so the file is made
    // into a model that cannot tell the classes apart: its output layer zeroed, every class 1/3,
    // below a floor of 50% whatever the camera shows. The floor comes the way a measured one
    // travels: in metadata.json of the exported model ("Export model"), through Import model.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export model', exact: true }).click();
    const exported = join(mkdtempSync(join(dir, 'export-')), 'exported.zip');
    await (await download).saveAs(exported);
    const files = unzipSync(readFileSync(exported));
    const meta = JSON.parse(new TextDecoder().decode(files['metadata.json']));
    const model = JSON.parse(new TextDecoder().decode(files['model.json']));
    const specs: { name: string; shape: number[] }[] = model.weightsManifest[0].weights;
    const weights = new Float32Array(files['weights.bin']!.slice().buffer);
    let at = 0;
    for (const { name, shape } of specs) {
      const size = shape.reduce((a, b) => a * b, 1);
      if (name.startsWith('head_output/')) weights.fill(0, at, at + size);
      at += size;
    }
    const floor = {
      kind: 'measured',
      value: 0.5,
      source: 'validation',
      correct: 40,
      atOrAbove: 38,
    };
    const strict = join(dir, 'strict-model.zip');
    writeFileSync(
      strict,
      zipSync({
        ...files,
        'weights.bin': new Uint8Array(weights.buffer),
        'metadata.json': strToU8(JSON.stringify({ ...meta, confidenceFloor: floor })),
      }),
    );
    await page.getByLabel('Import model').setInputFiles(strict);
    await expect(page.getByText('Imported strict-model.zip')).toBeVisible({ timeout: 60_000 });

    await page.getByRole('button', { name: 'Webcam', exact: true }).click();
    const top = page.getByTestId('webcam-top');
    await expect(top).toBeVisible({ timeout: 60_000 });
    await expect(top).toHaveText('not sure');
    await expect(top).toHaveAttribute('data-sure', 'false');
    // The best guess in smaller type: the class with the longest bar, with its probability.
    const bars = page.getByRole('list', { name: 'Confidence per class' }).getByRole('listitem');
    await expect(bars).toHaveCount(3);
    for (const probability of await bars.evaluateAll((lis) =>
      lis.map((li) => Number(li.getAttribute('data-probability'))),
    ))
      expect(probability).toBeCloseTo(1 / 3, 6);
    await expect(page.getByTestId('webcam-guess')).toHaveText(
      /^ ?best guess (red|green|blue) 33\.3%$/,
    );
    await expect(page.getByTestId('webcam-floor')).toHaveText(
      'Not sure below 50.0%: 95% of correct predictions on the validation images (38 of 40) were at or above that.',
    );

    // A new picture: the single-image prediction says the same.
    const image = join(dir, 'yellow.png');
    writeFileSync(image, encodePng(VIDEO_SIZE, VIDEO_SIZE, drawChecks(CAMERA, mulberry32(7))));
    await page.getByLabel('Image to classify').setInputFiles(image);
    const verdict = page.getByTestId('prediction-top');
    await expect(verdict).toHaveAttribute('data-sure', 'false');
    await expect(verdict).toContainText(/Not sure best guess (red|green|blue) 33\.3%/);
    // The list keeps its contract: class names and probabilities.
    await expect(page.getByTestId('prediction').getByRole('listitem').first()).toHaveAttribute(
      'data-class',
      /^(red|green|blue)$/,
    );
  });
});

test.describe('a pretrained backbone from a descriptor', () => {
  test.skip(!hasAssets, MISSING_ASSETS_REASON);
  const descriptorUrl = serveMobileNetDescriptor();

  test('MobileNetV2 through a descriptor names the class live too', async ({ page }) => {
    await trainedWithYellow(page, {
      backbone: descriptorUrl(),
      size: '96',
    });
    await page.getByRole('button', { name: 'Webcam', exact: true }).click();
    expect(await topClasses(page)).toEqual(Array(5).fill('yellow'));
    await expect(page.getByTestId('webcam-fps')).toHaveText(/^\d+(\.\d+)?$/, { timeout: 60_000 });
    await expect(speed(page)).toHaveAttribute('data-max-in-flight', '1');
    console.log(`webcam with MobileNetV2 at 96 px: ${await speed(page).innerText()}`);
  });
});

test.describe('a camera showing a class the dataset lacks', () => {
  test('captured frames join the dataset, are split and cached like files, and a retrain takes them in', async ({
    page,
  }) => {
    await recordTracks(page);
    const app = new GraftPage(page);
    await app.open(OPTIONS);
    await page.getByRole('button', { name: 'Webcam', exact: true }).click();
    await expect(page.getByTestId('webcam-panel')).toContainText('No trained model yet');
    await app.importFolder(writeDataset());
    await expect(page.getByTestId('project-row')).toHaveCount(1);

    // Frames into "Unlabeled" before any training (the phase idle): they join label assist's pool,
    // not the dataset, and the project stays one.
    const addTo = page.getByLabel('Add to class', { exact: true });
    await addTo.selectOption({ label: 'Unlabeled, label later (0)' });
    const hold = page.getByRole('button', { name: 'Hold to capture' });
    // The button waits while the engine is busy (saving the new project, say): focus it once it can
    // take the key, or the key goes to whatever had focus before.
    await expect(hold).toBeEnabled();
    await hold.focus();
    await expect(hold).toBeFocused();
    await page.keyboard.down('Space');
    await expect(page.getByTestId('capture-count')).toHaveText(
      /^[1-9]\d* photos? without a label$/,
      {
        timeout: 60_000,
      },
    );
    await page.keyboard.up('Space');
    await expect(page.getByRole('button', { name: 'Hold to capture' })).toBeVisible();
    await expect(page.getByTestId('class-row')).toHaveCount(Object.keys(CLASSES).length);
    await expect(page.getByTestId('project-row')).toHaveCount(1);

    await app.train();
    await expect(page.getByTestId('cache-summary')).toContainText(`0 cached, ${PER_CLASS * 3} new`);
    // Long since stored (frames still queued at the release went in too): each frame in the pool has
    // its suggestion once a model exists, like a dropped photo, and the panel counts the same.
    const pooled = Number(await page.getByTestId('unlabeled-count').innerText());
    expect(pooled).toBeGreaterThan(0);
    await expect(page.getByTestId('suggestion')).toHaveCount(pooled, { timeout: 120_000 });
    await expect(page.getByTestId('capture-count')).toHaveText(
      `${pooled} ${pooled === 1 ? 'photo' : 'photos'} without a label`,
    );
    await expect(page.getByTestId('project-row')).toHaveCount(1);
    await expect(page.getByTestId('webcam-top')).toBeVisible({ timeout: 60_000 });

    await addTo.selectOption({ label: 'New class…' });
    await page.getByLabel('New class name').fill('checks');
    // On WASM the fine-tuning cost is measured by itself after training, and capture pauses for it
    // ("Paused while measuring…"): a press on the paused button would capture nothing.
    await expect(page.getByTestId('fine-tune-estimate')).toContainText('Measured on one batch', {
      timeout: 120_000,
    });
    await expect(hold).toBeEnabled();
    await hold.hover();
    await page.mouse.down();
    // Enough frames that the new class's training share is not a handful (the exact split keeps a
    // tenth each for validation and test).
    await expect(page.getByTestId('capture-count')).toHaveText(
      /^(2\d|1[5-9]) images in "checks"$/,
      {
        timeout: 60_000,
      },
    );
    await page.mouse.up();
    await expect(page.getByRole('button', { name: 'Hold to capture' })).toBeVisible();
    const row = page.getByTestId('class-row').filter({ hasText: 'checks' });
    await expect(row).toHaveCount(1);
    await expect(page.getByTestId('class-row')).toHaveCount(Object.keys(CLASSES).length + 1);

    // Review: remove one captured frame before training.
    await page.getByText(/Review captured frames/).click();
    const removeButtons = page.getByRole('button', { name: /^Remove checks\/webcam-/ });
    const captured = await removeButtons.count();
    await removeButtons.first().click();
    await expect(removeButtons).toHaveCount(captured - 1);
    const kept = captured - 1;
    const cells = await row.locator('td').allInnerTexts();
    expect(Number(cells[0])).toBe(kept);
    const [train, val, test] = cells[1]!.split('/').map((n) => Number(n.trim()));
    expect(train! + val! + test!).toBe(kept);
    expect(val).toBeGreaterThan(0); // split like any class of 3 or more
    expect(test).toBeGreaterThan(0);

    await app.train();
    // Only the new frames go through the backbone: the same video loops, so a frame of "checks" can
    // be one already in the unlabelled pool, whose features its suggestion cached.
    const summary = await page.getByTestId('cache-summary').innerText();
    const [cached, fresh] = /(\d+) cached, (\d+) new/.exec(summary)!.slice(1).map(Number);
    expect(cached! + fresh!).toBe(PER_CLASS * 3 + kept);
    expect(cached).toBeGreaterThanOrEqual(PER_CLASS * 3);
    expect(cached! - PER_CLASS * 3).toBeLessThanOrEqual(pooled);
    // The retrained model has the new class among its outputs, live. Whether it wins on these
    // frames is a matter of the features: with generated VGG16 weights at 32 px it did in some runs
    // and not in others, so recognition is checked with real features (the descriptor test above).
    await expect(
      page.getByRole('list', { name: 'Confidence per class' }).getByRole('listitem'),
    ).toHaveCount(Object.keys(CLASSES).length + 1, { timeout: 60_000 });
    await expect(
      page.getByRole('list', { name: 'Confidence per class' }).getByText('checks', { exact: true }),
    ).toBeVisible();
  });
});

test.describe('cameras that fail', () => {
  test('permission denied, no camera and a busy camera each get their message; the page keeps working', async ({
    page,
  }) => {
    await page.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(
          new DOMException(
            'browser words',
            (window as unknown as { __cameraError?: string }).__cameraError ?? 'NotAllowedError',
          ),
        );
    });
    const app = new GraftPage(page);
    await app.open(OPTIONS);
    await page.getByRole('button', { name: 'Webcam', exact: true }).click();
    const error = page.getByTestId('webcam-error');
    await expect(error).toContainText('Camera access was refused');
    for (const [name, words] of [
      ['NotFoundError', 'No camera was found'],
      ['NotReadableError', 'another program'],
    ] as const) {
      await page.evaluate((n) => Object.assign(window, { __cameraError: n }), name);
      await page.getByRole('button', { name: 'Start camera' }).click();
      await expect(error).toContainText(words);
    }
    await page.getByRole('button', { name: 'Close webcam' }).click();
    await expect(app.phase).toHaveText('idle');
    await app.importFolder(writeDataset());
  });
});
