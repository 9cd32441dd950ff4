/**
 * Errors cross the worker boundary as {code, message} (DESIGN.md section 3): `message` is a
 * sentence for the user. A JavaScript engine's own text ("Array buffer allocation failed",
 * "TypeError: …", "Maximum call stack size exceeded") never reaches the screen; it goes to the
 * console, where a bug report can pick it up.
 */
import type { WorkerRequest } from './protocol.js';
import { isOutOfMemory, UserFacingError } from '../../shared/user-facing-error.js';

export type EngineErrorCode =
  /** The file or a filter is wrong; the message (from the decoder or the query) says how. */
  | 'bad-input'
  | 'out-of-memory'
  /** A bug: the user gets a sentence, the console gets the details. */
  | 'internal'
  /** A newer query replaced this one, or the tree it names (see TreeStore). */
  | 'superseded'
  /** The user stopped the request (Esc, Cancel). */
  | 'cancelled'
  /** The worker gave no sign of life for too long and was stopped. */
  | 'timeout'
  /** The worker itself failed (it is gone, with the profile it held). */
  | 'crashed';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** The request ended because its worker was stopped or lost, not because of its input. */
export function isStopped(error: unknown): error is EngineError {
  return error instanceof EngineError && (error.code === 'cancelled' || error.code === 'timeout' || error.code === 'crashed');
}

/** What each request does, in the words of the sentence shown when it fails or is stopped. */
export const DOING: Record<WorkerRequest['kind'], string> = {
  open: 'loading the profile',
  query: 'updating the graph',
  table: 'building the table',
  layout: 'laying the graph out',
  tags: 'summarizing the tags',
  search: 'searching',
  sandwich: 'building the sandwich',
  openComparison: 'loading the two profiles',
  compare: 'comparing the profiles',
  swap: 'swapping base and target',
  exportProfile: 'handing the profile to a comparison',
  exportFile: 'building the export',
  warmUp: 'warming up',
};


/**
 * Maps what a request threw to {code, message}. `subject` names the file for an open ('' for
 * other requests), `doing` what was under way ("opening x.pb.gz", "updating the graph").
 */
export function describeFailure(error: unknown, subject: string, doing: string): { code: EngineErrorCode; message: string } {
  if (error instanceof EngineError) return { code: error.code, message: error.message };
  if (error instanceof UserFacingError) return { code: 'bad-input', message: subject ? `${subject}: ${error.message}` : error.message };
  if (isOutOfMemory(error)) {
    return {
      code: 'out-of-memory',
      message: subject
        ? `Not enough memory to open ${subject}: its decoded tables do not fit in the memory this window may use.`
        : `Not enough memory for ${doing}.`,
    };
  }
  console.error(`flamedeck: internal error while ${doing}:`, error);
  return { code: 'internal', message: `Flamedeck failed while ${doing} (an internal error; the details are in the developer console).` };
}
