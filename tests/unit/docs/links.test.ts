// The README and docs/ point at each other by relative links and heading anchors; a page renamed or
// a heading reworded would leave a link that goes nowhere. Every relative link must reach a file,
// and every #anchor a heading of the page it names (GitHub's slugs). The README's two commands are a
// contract with outside checks, so they are checked word for word.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = process.cwd();
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** The text outside fenced code blocks, where a `[x](y)` is not a link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '');
}

/** GitHub's anchor for a heading: lower case, markup and punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(path: string): Set<string> {
  const headings = prose(readFileSync(path, 'utf8')).match(/^#{1,6} .+$/gm) ?? [];
  return new Set(headings.map((h) => slug(h.replace(/^#+ /, ''))));
}

/** Every link and image target in `page` that is not a URL with a scheme. */
function relativeLinks(page: string): string[] {
  const text = prose(readFileSync(join(root, page), 'utf8')).replace(/`[^`\n]*`/g, '');
  const targets = [...text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

describe('documentation links', () => {
  it('finds the pages and their links', () => {
    expect(pages).toContain('docs/README.md');
    expect(relativeLinks('README.md').length).toBeGreaterThan(10);
  });

  it('slugs headings as GitHub does', () => {
    expect(slug('`npm run bench:head`: the head’s training step')).toBe(
      'npm-run-benchhead-the-heads-training-step',
    );
    expect(slug('Projects, export and import')).toBe('projects-export-and-import');
  });

  it.each(pages)('%s: every relative link reaches a file and its anchor a heading', (page) => {
    const broken: string[] = [];
    for (const link of relativeLinks(page)) {
      const [file, anchor] = link.split('#') as [string, string | undefined];
      const target = file === '' ? join(root, page) : resolve(root, dirname(page), file);
      if (!existsSync(target)) broken.push(`${link}: no such file`);
      else if (anchor !== undefined && target.endsWith('.md') && !anchors(target).has(anchor))
        broken.push(`${link}: no heading with that anchor`);
    }
    expect(broken).toEqual([]);
  });
});

describe('README', () => {
  it('keeps the two commands, word for word', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain(
      'npm ci && npm start     # install, fetch the weights once if it can, serve http://localhost:5173',
    );
    expect(readme).toContain(
      'npm ci && npm test      # install, then type check, lint, unit tests, build, browser tests',
    );
  });
});
