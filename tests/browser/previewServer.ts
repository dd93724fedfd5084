// A `vite preview` of a given build folder on a port of the test's own, with the same headers as
// the Playwright config's server (COOP/COEP, CSP): for tests that stop the server (offline) or swap
// one build for another at the same address (updates).
import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Not the config's port: these servers come and go within one test. One per Playwright worker, so
 * tests running side by side never share one.
 */
export const OWN_PORT =
  Number(process.env.GRAFT_TEST_PORT ?? 4179) + 1000 + Number(process.env.TEST_WORKER_INDEX ?? 0);

export interface PreviewServer {
  readonly url: string;
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

export async function startPreview(outDir: string, port = OWN_PORT): Promise<PreviewServer> {
  const url = `http://127.0.0.1:${port}`;
  if (await answers(url)) throw new Error(`${url} is already taken; stop what serves it first.`);
  const child: ChildProcess = spawn(
    'npx',
    [
      'vite',
      'preview',
      '--outDir',
      outDir,
      '--port',
      String(port),
      '--strictPort',
      '--host',
      '127.0.0.1',
    ],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite preview exited: ${errors}`);
    if (await answers(url)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM'); // npx and vite, as a group
      await exited;
      while (await answers(url)) await new Promise((r) => setTimeout(r, 100));
    },
  };
}

/** Builds the app into `outDir` with `env` added (e.g. a build label), as `vite build` would. */
export function buildInto(outDir: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build failed (${code}): ${errors}`)),
    );
  });
}
