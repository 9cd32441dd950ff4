import { UserFacingError } from '../user-facing-error.js';
/** Why a file could not be read as a profile; `code` lets callers branch, `message` is for people. */
export type ProfileErrorCode =
  | 'empty'
  | 'not-a-profile'
  | 'truncated'
  | 'corrupt'
  | 'too-large'
  /** Over the decode's memory limit (DecodeOptions.maxMemoryBytes), which the user can raise. */
  | 'memory-limit'
  | 'concatenated'
  | 'bad-reference'
  | 'string-index';

export class ProfileError extends UserFacingError {
  readonly code: ProfileErrorCode;
  constructor(code: ProfileErrorCode, message: string) {
    super(message);
    this.name = 'ProfileError';
    this.code = code;
  }
}

export function isProfileError(error: unknown): error is ProfileError {
  return error instanceof ProfileError;
}
