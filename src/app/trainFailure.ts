// What the page says when extract-then-train stops short: a cancel, a full disk, a crashed worker.
import { EngineCrashedError } from '../bridge/engine';
import { errorMessage } from '../shared/text';
import type { SessionAction } from './session';

export function trainFailure(error: unknown): SessionAction {
  if (error instanceof Error && error.name === 'AbortError')
    return {
      type: 'cancelled',
      notice: 'Extraction stopped. Features computed so far are saved; Train resumes from there.',
    };
  if (error instanceof Error && error.name === 'StorageFullError')
    return {
      type: 'failed',
      storageFull: true,
      message:
        'The browser has no more room for features. Everything computed so far is saved and kept. ' +
        'Delete saved features you no longer need (below), or free space for this site in the browser, then press Train to continue.',
    };
  if (error instanceof EngineCrashedError)
    return {
      type: 'failed',
      message: `${error.message} Computed features are saved: press Train to continue from them.`,
    };
  return { type: 'failed', message: errorMessage(error) };
}
