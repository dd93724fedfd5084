// Dataset problems as sentences. Problems of one kind about many classes (a folder of 300 classes,
// half of them tiny) become one sentence naming a few, instead of a wall of warnings.
import type { DatasetProblem } from '../../shared/dataset';
import { plural } from '../format';

export interface ProblemLine {
  readonly text: string;
  /** Training is refused while a blocking problem stands. */
  readonly blocking: boolean;
}

/** More problems of one kind than this are summarised in one line. */
const LIST_SEPARATELY_UP_TO = 3;
const NAMES_IN_SUMMARY = 8;

function problemLine(problem: DatasetProblem): ProblemLine {
  switch (problem.type) {
    case 'no-images':
      return {
        text: 'No usable images found. Expected one subfolder per class, each holding images.',
        blocking: true,
      };
    case 'single-class':
      return {
        text: `Only one class ("${problem.className}"). A classifier needs at least two classes to tell apart: add another subfolder.`,
        blocking: true,
      };
    case 'empty-class':
      return {
        text: `Class "${problem.className}" has no usable images and is left out.`,
        blocking: false,
      };
    case 'few-images':
      return {
        text: `Class "${problem.className}" has only ${plural(problem.count, 'image')}: results for it will be unreliable (5 or more recommended).`,
        blocking: false,
      };
    case 'label-conflicts':
      return {
        text: `${plural(problem.count, 'image')} filed under more than one class: left out of training because the label is ambiguous.`,
        blocking: false,
      };
  }
}

function someNames(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_IN_SUMMARY).map((n) => `"${n}"`);
  const more = names.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more.toLocaleString('en')} more` : shown.join(', ');
}

export function isBlocking(problem: DatasetProblem): boolean {
  return problemLine(problem).blocking;
}

export function problemLines(problems: readonly DatasetProblem[]): ProblemLine[] {
  const empty = problems.flatMap((p) => (p.type === 'empty-class' ? [p.className] : []));
  const few = problems.flatMap((p) => (p.type === 'few-images' ? [p.className] : []));
  const lines: ProblemLine[] = [];
  for (const problem of problems) {
    const grouped =
      (problem.type === 'empty-class' && empty.length > LIST_SEPARATELY_UP_TO) ||
      (problem.type === 'few-images' && few.length > LIST_SEPARATELY_UP_TO);
    if (!grouped) lines.push(problemLine(problem));
    else if (problem.type === 'empty-class' && problem.className === empty[0]) {
      lines.push({
        text: `${plural(empty.length, 'class folder')} have no usable images and are left out: ${someNames(empty)}.`,
        blocking: false,
      });
    } else if (problem.type === 'few-images' && problem.className === few[0]) {
      lines.push({
        text: `${plural(few.length, 'class', 'classes')} have fewer than 5 images, so results for them will be unreliable: ${someNames(few)}.`,
        blocking: false,
      });
    }
  }
  return lines;
}
