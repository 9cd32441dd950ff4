import { ProfileError, type ProfileErrorCode } from './profile-error.js';
import { ProtoReader } from './proto-reader.js';

/**
 * The decoder's own messages ("a repeated integer field has wire type 4") describe the bytes, not
 * what the user can do. When a decode fails, this looks at the file as a whole and puts first what
 * it most likely is (text, an HTML page, JSON, a file cut short), keeping the decoder's words as
 * the detail. Errors about limits (memory, size) already say what to do and pass through.
 */
const DIAGNOSED: ReadonlySet<ProfileErrorCode> = new Set(['not-a-profile', 'corrupt', 'truncated', 'string-index', 'bad-reference']);

/** What separates the sentence for the user from the decoder's detail (the app styles the two apart). */
export const DETAIL_SEPARATOR = ' Details: ';

export function diagnoseDecodeFailure(buf: Uint8Array, error: unknown, gzipped: boolean): unknown {
  if (!(error instanceof ProfileError) || !DIAGNOSED.has(error.code)) return error;
  const detail = error.message.replace(/^not a pprof profile: /, '');
  const text = textKind(buf);
  if (text) return withHeadline('not-a-profile', `This is not a pprof profile — it looks like ${text}.`, detail);
  const where = gzipped ? `byte ${buf.length} of its uncompressed data` : `byte ${buf.length}`;
  if (error.code === 'truncated') return withHeadline('truncated', `The file is cut short at ${where}: the profile ends in the middle of a field.`, detail);
  if ((error.code === 'string-index' || error.code === 'bad-reference') && endsBeforeItsTables(buf)) {
    return withHeadline('truncated', `The file is cut short at ${where}: it ends before the names and tables the profile refers to.`, detail);
  }
  if (error.code === 'not-a-profile') {
    // Cut within its first fields, a profile looks like any other bytes, or like an empty one.
    const orCut = /ends in the middle of a field|no sample types/.test(detail) ? `, or only the first ${buf.length} bytes of one` : '';
    return withHeadline('not-a-profile', `This is not a pprof profile (plain or gzipped protobuf)${orCut}.`, detail);
  }
  return error;
}

function withHeadline(code: ProfileErrorCode, headline: string, detail: string): ProfileError {
  return new ProfileError(code, `${headline}${DETAIL_SEPARATOR}${detail}${/[.)?]$/.test(detail) ? '' : '.'}`);
}

/** How much of the file's start is looked at to tell text from protobuf. */
const TEXT_SAMPLE_BYTES = 4096;

/**
 * 'an HTML page', 'JSON' or 'text' when the file's start is readable UTF-8 text: protobuf's field
 * tags and lengths put control bytes and invalid UTF-8 in the first few bytes of any real profile.
 */
function textKind(buf: Uint8Array): string {
  // A byte order mark FF FE or FE FF: UTF-16, whose every other byte is 0 and would read as binary below.
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) return 'UTF-16 text (saved as UTF-8, folded stacks open)';
  const sample = buf.subarray(0, TEXT_SAMPLE_BYTES);
  // A cut at the sample's end may split one character.
  const chars = new TextDecoder('utf-8').decode(sample).replace(/\uFFFD$/, '');
  let odd = 0;
  for (let i = 0; i < chars.length; i++) {
    const c = chars.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f || c === 0xfffd) odd++;
  }
  const start = chars.replace(/^\uFEFF/, '').trimStart().slice(0, 200).toLowerCase();
  if (start === '' || odd > chars.length / 100) return '';
  if (/^<(!doctype html|html|head|body|!--|\?xml)/.test(start) || /<html[\s>]/.test(start)) return 'an HTML page (a login or error page saved instead of the profile?)';
  if (/^[{[]/.test(start)) return 'JSON (pprof profiles are protobuf, often gzipped)';
  return 'text';
}

/** Field numbers of the profile's messages (sample types, samples, mappings, locations, functions, strings). */
const LAST_MESSAGE_FIELD = 6;

/**
 * Whether the file has no string table, or ends with one of the profile's other messages. Writers
 * put the string table and then the scalars (time, period) last, so a complete profile ends with
 * a scalar or the string table; a file cut at a field boundary ends earlier, often with no string
 * table at all.
 */
function endsBeforeItsTables(buf: Uint8Array): boolean {
  const reader = new ProtoReader(buf);
  let lastField = 0;
  let sawStrings = false;
  try {
    while (!reader.atEnd()) {
      const tag = reader.varint();
      lastField = Math.floor(tag / 8);
      if (lastField === LAST_MESSAGE_FIELD) sawStrings = true;
      reader.skip(tag & 7);
    }
  } catch {
    return false;
  }
  return !sawStrings || (lastField >= 1 && lastField < LAST_MESSAGE_FIELD);
}
