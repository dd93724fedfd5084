#!/usr/bin/env node
// node scripts/page-open-cost.mjs [--opens N --port N]
//
// What one page open costs the browser tests, in CPU-seconds of Chromium's processes (read from
// /proc, so a busy machine does not inflate it much), with the browser tests' flags against the same
// flags less the omnibox popup's removal (scripts/lib/chromiumFeatures.mjs): a fresh profile opens
// the app (WASM, 32 px), waits for the backend and lets the page settle for 5 s. The two browsers
// take turns, so both see the same load. The last line is JSON.
import { chromium } from '@playwright/test';
import { loadavg } from 'node:os';
import { readArgs } from './lib/args.mjs';
import { buildIfNeeded, chromiumArgs, startPreview } from './lib/benchPage.mjs';
import { lighterChromium } from './lib/chromiumFeatures.mjs';
import { readProcesses, treeOf } from './lib/procTree.mjs';

const HELP = `node scripts/page-open-cost.mjs [options]
  --opens <n>   page opens per variant (default 5)
  --port <n>    preview port (default 4197)`;
const SETTLE_MS = 5_000;

/** CPU-seconds so far of every process of browser `pid` (itself and what it started), by kind. */
function cpuOf(pid) {
  const procs = readProcesses();
  const byKind = {};
  for (const at of treeOf(procs, pid)) {
    const { command, seconds } = procs.get(at);
    const kind = /--type=([a-z-]+)/.exec(command)?.[1] ?? 'browser';
    byKind[kind] = (byKind[kind] ?? 0) + seconds;
  }
  return byKind;
}

/** Pids of the Chromium browser processes this script started. */
function chromiumChildren() {
  return [...readProcesses()]
    .filter(([, { ppid, command }]) => ppid === process.pid && command.includes('chromium'))
    .map(([pid]) => pid);
}

const total = (byKind) => Object.values(byKind).reduce((a, b) => a + b, 0);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x) => Math.round(x * 100) / 100;

async function openOnce(browser, pid, url) {
  const before = cpuOf(pid);
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByTestId('backend').filter({ hasNotText: 'starting…' }).waitFor();
  await page.waitForTimeout(SETTLE_MS);
  const after = cpuOf(pid);
  await context.close();
  const byKind = {};
  for (const [kind, seconds] of Object.entries(after))
    byKind[kind] = round(seconds - (before[kind] ?? 0));
  return byKind;
}

async function main() {
  let opens = 5;
  let port = 4197;
  readArgs(process.argv.slice(2), HELP, (a, { count }) => {
    if (a === '--opens') opens = count();
    else if (a === '--port') port = count();
    else return false;
    return true;
  });
  buildIfNeeded();
  const server = await startPreview(port);
  const plain = [...chromiumArgs(), '--disable-gpu-compositing'];
  const variants = { before: plain, tests: lighterChromium(plain) };
  const browsers = {};
  const seen = { before: [], tests: [] };
  try {
    for (const [name, args] of Object.entries(variants)) {
      const earlier = new Set(chromiumChildren());
      const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
      // Chromium's browser process is this process's child: its tree is what is counted.
      const pid = chromiumChildren().find((p) => !earlier.has(p));
      if (pid === undefined) throw new Error("Chromium's browser process not found in /proc");
      browsers[name] = { browser, pid };
    }
    const url = `${server.url}/?backend=wasm&size=32`;
    for (let i = 0; i < opens; i++)
      for (const name of Object.keys(variants)) {
        const { browser, pid } = browsers[name];
        const byKind = await openOnce(browser, pid, url);
        seen[name].push(byKind);
        console.log(
          `  ${name} open ${i + 1}: ${round(total(byKind))} CPU-s ${JSON.stringify(byKind)}`,
        );
      }
  } finally {
    for (const { browser } of Object.values(browsers)) await browser.close();
    server.stop();
  }
  const medians = Object.fromEntries(
    Object.entries(seen).map(([name, list]) => [name, round(median(list.map(total)))]),
  );
  const report = {
    bench: 'page-open-cost',
    opens,
    cpu_seconds_per_open_median: medians,
    tests_over_before: round(medians.tests / medians.before),
    note: `CPU-s of Chromium's processes from a fresh profile to ${SETTLE_MS / 1000} s after the backend is up.`,
    load_average: round(loadavg()[0]),
  };
  console.log(
    `page open: ${medians.before} CPU-s with the plain flags, ${medians.tests} with the tests' (ratio ${report.tests_over_before}).`,
  );
  console.log(JSON.stringify(report));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
