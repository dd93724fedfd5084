// Chromium keeps only the last `--enable-features` and the last `--disable-features` on its command
// line, and Playwright puts its own (features that keep automation predictable: no paint holding,
// no HTTPS upgrades, no profile destroyed on close…) before the caller's. So a switch of ours must
// carry Playwright's list too, or it silently drops it. Playwright does not export the list: it is
// read from the installed bundle, and a version that moves it fails here loudly rather than quietly.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** @param {'disabledFeatures' | 'enabledFeatures'} list */
function playwrightFeatures(list) {
  const require = createRequire(import.meta.url);
  const bundle = join(
    dirname(require.resolve('playwright-core/package.json')),
    'lib/coreBundle.js',
  );
  const source = readFileSync(bundle, 'utf8');
  const block = new RegExp(`${list} = (?:\\(\\) => )?\\[([\\s\\S]*?)\\]\\.filter`).exec(
    source,
  )?.[1];
  const names = block
    ?.split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .flatMap((line) => [...line.matchAll(/"([A-Za-z0-9]+)"/g)].map((m) => m[1]));
  if (!names || names.length === 0)
    throw new Error(`Playwright's ${list} not found in ${bundle}: update chromiumFeatures.mjs`);
  return names;
}

/** `args` with one switch each for the features enabled and disabled: Playwright's, args', ours. */
export function withFeatures(args, ours) {
  const fromArgs = (prefix) =>
    args.filter((a) => a.startsWith(prefix)).flatMap((a) => a.slice(prefix.length).split(','));
  const merged = (prefix, list, extra = []) =>
    prefix + [...new Set([...playwrightFeatures(list), ...fromArgs(prefix), ...extra])].join(',');
  return [
    ...args.filter(
      (a) => !a.startsWith('--enable-features=') && !a.startsWith('--disable-features='),
    ),
    merged('--enable-features=', 'enabledFeatures', ours.enable),
    merged('--disable-features=', 'disabledFeatures', ours.disable),
  ];
}

/**
 * What every browser test adds: no WebUI omnibox popup. This Chromium builds one for each new window
 * (every fresh profile is one), in a renderer of its own, for an address bar that headless never
 * shows: about 1.2 of the 5-7 CPU-s of a page open (`node scripts/page-open-cost.mjs`).
 */
export const lighterChromium = (args) =>
  withFeatures(args, {
    disable: ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'],
  });
