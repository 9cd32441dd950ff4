import { ProfileError } from './profile-error.js';

/** Decompresses gzip bytes, refusing to produce more than `maxBytes`. */
export type Gunzip = (bytes: Uint8Array, maxBytes: number) => Promise<Uint8Array>;

export const DEFAULT_MAX_DECOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024 - 1;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function tooLargeError(maxBytes: number): ProfileError {
  return new ProfileError(
    'too-large',
    `the decompressed profile is larger than the ${formatMiB(maxBytes)} limit (a zip bomb, or a profile too big to open)`,
  );
}

function formatMiB(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}

/** gzip's trailer holds the uncompressed size mod 2^32: a first guess for the output buffer. */
function sizeHintFromTrailer(trailer: Uint8Array, maxBytes: number): number {
  if (trailer.length < 4) return 1 << 16;
  const n = trailer.length;
  const isize = (trailer[n - 4] | (trailer[n - 3] << 8) | (trailer[n - 2] << 16) | (trailer[n - 1] << 24)) >>> 0;
  return Math.min(Math.max(isize, 1 << 16), maxBytes, 1 << 30);
}

/**
 * The inflated bytes of one gzip file, in one buffer first sized from its trailer, so a large
 * profile is held once (not as chunks and then their join), and refused past `maxBytes` instead
 * of following a zip bomb.
 */
export class InflatedBytes {
  private out: Uint8Array;
  private length = 0;
  constructor(
    compressed: Uint8Array,
    private readonly maxBytes: number,
  ) {
    this.out = new Uint8Array(sizeHintFromTrailer(compressed.subarray(-4), maxBytes));
  }
  /** Appends a chunk; throws the too-large error past the limit. */
  append(chunk: Uint8Array): void {
    const { length, maxBytes } = this;
    if (length + chunk.length > maxBytes) throw tooLargeError(maxBytes);
    if (length + chunk.length > this.out.length) {
      const grown = new Uint8Array(Math.min(maxBytes, Math.max(this.out.length * 2, length + chunk.length)));
      grown.set(this.out.subarray(0, length));
      this.out = grown;
    }
    this.out.set(chunk, length);
    this.length += chunk.length;
  }
  bytes(): Uint8Array {
    return this.length === this.out.length ? this.out : this.out.subarray(0, this.length);
  }
}

/**
 * Compressed bytes go into the decompressor at most this many at a time. Chromium's
 * DecompressionStream inflates each chunk written to it whole, ahead of the reader, and a Blob's
 * stream may hand over a small file in one chunk: 2 MB of a gzip bomb became 2 GB queued in the
 * worker before the size cap was reached. A slice of 16 KiB inflates to 16 MiB at the most.
 */
const INFLATE_SLICE = 16 * 1024;

/** The decompressor's writer, as both the DOM's types and shared/'s own declare it. */
interface ChunkWriter {
  readonly ready: Promise<void>;
  write(chunk: Uint8Array<ArrayBuffer>): Promise<void>;
  close(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
}

/** Told how many compressed bytes the decompressor has taken so far (for a progress bar). */
export type OnBytesRead = (bytesRead: number) => void;

/** Feeds `compressed` to `writer` in small slices, each only once the decompressor wants more. */
async function feedInSlices(compressed: ReadableStream<Uint8Array<ArrayBuffer>>, writer: ChunkWriter, onRead?: OnBytesRead): Promise<void> {
  const source = compressed.getReader();
  let fed = 0;
  try {
    for (;;) {
      const { done, value } = await source.read();
      if (done) break;
      for (let at = 0; at < value.length; at += INFLATE_SLICE) {
        await writer.ready;
        // The decompressor wants more: what it took so far is inflated or inflating.
        onRead?.(fed);
        fed += Math.min(INFLATE_SLICE, value.length - at);
        // Not awaited: a write settles only once its output is read, which the loop below does; a
        // failed write fails the reader too, which reports it.
        writer.write(value.subarray(at, at + INFLATE_SLICE)).catch(() => undefined);
      }
    }
    await writer.close();
  } catch (error) {
    // The reader has stopped (too large, corrupt) or the file could not be read: stop both ends;
    // the reader reports what happened.
    await source.cancel(error).catch(() => undefined);
    await writer.abort(error).catch(() => undefined);
  }
}

/** Inflates a gzip stream with the platform's DecompressionStream (browser, worker and Node). */
async function gunzipStream(compressed: ReadableStream<Uint8Array<ArrayBuffer>>, out: InflatedBytes, onRead?: OnBytesRead): Promise<Uint8Array> {
  const inflater = new DecompressionStream('gzip');
  const reader = inflater.readable.getReader();
  const feeding = feedInSlices(compressed, inflater.writable.getWriter(), onRead);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      out.append(value);
    }
  } catch (error) {
    if (error instanceof ProfileError) {
      // Refused past the limit: stop inflating (a failed stream needs no cancel).
      await reader.cancel();
      throw error;
    }
    throw new ProfileError('truncated', `the gzip data is truncated or corrupt (${describe(error)})`);
  } finally {
    await feeding;
  }
  return out.bytes();
}

export const gunzipWithStreams: Gunzip = (bytes, maxBytes) =>
  gunzipStream(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream(), new InflatedBytes(bytes, maxBytes));

/** Reads a file (a Blob), inflating it while it is read when it is gzipped. */
export async function readProfileBlob(blob: Blob, maxBytes: number, onRead?: OnBytesRead): Promise<Uint8Array> {
  const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  if (!isGzip(head)) {
    if (blob.size > maxBytes) throw tooLargeError(maxBytes);
    return new Uint8Array(await blob.arrayBuffer());
  }
  const trailer = new Uint8Array(await blob.slice(Math.max(0, blob.size - 4)).arrayBuffer());
  return gunzipStream(blob.stream(), new InflatedBytes(trailer, maxBytes), onRead);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
