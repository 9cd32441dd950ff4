import { ProfileError } from './profile-error.js';

/** Decompresses gzip bytes, refusing to produce more than `maxBytes`. */
export type Gunzip = (bytes: Uint8Array, maxBytes: number) => Promise<Uint8Array>;

export const DEFAULT_MAX_DECOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024 - 1;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export function tooLargeError(maxBytes: number): ProfileError {
  return new ProfileError(
    'too-large',
    `the decompressed profile is larger than the ${formatMiB(maxBytes)} limit (a zip bomb, or a profile too big to open)`,
  );
}

function formatMiB(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}

/**
 * gzip's trailer holds the uncompressed size mod 2^32; used as a first guess for the output
 * buffer so a large profile is not held twice while its chunks are joined.
 */
function sizeHint(bytes: Uint8Array, maxBytes: number): number {
  if (bytes.length < 18) return 1 << 16;
  const n = bytes.length;
  const isize = (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
  return Math.min(Math.max(isize, 1 << 16), maxBytes, 1 << 30);
}

/** gunzip with the platform's DecompressionStream (browser, worker and Node alike). */
export const gunzipWithStreams: Gunzip = async (bytes, maxBytes) => {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  let out = new Uint8Array(sizeHint(bytes, maxBytes));
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (length + value.length > maxBytes) {
        await reader.cancel();
        throw tooLargeError(maxBytes);
      }
      if (length + value.length > out.length) {
        const grown = new Uint8Array(Math.min(maxBytes, Math.max(out.length * 2, length + value.length)));
        grown.set(out.subarray(0, length));
        out = grown;
      }
      out.set(value, length);
      length += value.length;
    }
  } catch (error) {
    if (error instanceof ProfileError) throw error;
    throw new ProfileError('truncated', `the gzip data is truncated or corrupt (${describe(error)})`);
  }
  return out.subarray(0, length);
};

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
