/**
 * The body of web mode's POST /api/remote answer: a stream of frames, so that the page sees a
 * fetch's progress before its bytes, and a cut connection is told apart from a finished answer
 * (every answer ends with exactly one final frame). A frame is one type byte, a 4-byte big-endian
 * payload length, then the payload: JSON for all types but `data`, raw bytes for `data`.
 */
import type { FetchProgress, RemoteFailure } from './remote-api.js';

const FRAME = {
  /** JSON FetchProgress. */
  progress: 1,
  /** A chunk of the fetched profile's bytes. */
  data: 2,
  /** Final: the JSON answer of a query. */
  json: 3,
  /** Final: the fetched profile is complete; JSON `{name, size}`. */
  end: 4,
  /** Final: JSON RemoteFailure. */
  error: 5,
} as const;

export type Frame =
  | { type: 'progress'; progress: FetchProgress }
  | { type: 'data'; bytes: Uint8Array }
  | { type: 'json'; value: unknown }
  | { type: 'end'; name: string; size: number }
  | { type: 'error'; failure: RemoteFailure };

const HEADER = 5;
/** Data frames carry at most this much, so the page gets the bytes in steps it can report. */
export const MAX_DATA_FRAME = 1024 * 1024;
/** A decoder refuses a frame that claims more: the server never writes one, so it is a broken stream. */
const MAX_FRAME = 16 * 1024 * 1024;

function frame(type: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER + payload.byteLength);
  out[0] = type;
  new DataView(out.buffer).setUint32(1, payload.byteLength);
  out.set(payload, HEADER);
  return out;
}

function jsonFrame(type: number, value: unknown): Uint8Array {
  return frame(type, new TextEncoder().encode(JSON.stringify(value)));
}

export const encodeFrame = {
  progress: (progress: FetchProgress) => jsonFrame(FRAME.progress, progress),
  json: (value: unknown) => jsonFrame(FRAME.json, value),
  error: (failure: RemoteFailure) => jsonFrame(FRAME.error, failure),
  end: (name: string, size: number) => jsonFrame(FRAME.end, { name, size }),
  /** A profile's bytes as data frames of at most MAX_DATA_FRAME each. */
  *data(bytes: Uint8Array): Generator<Uint8Array> {
    for (let at = 0; at < bytes.byteLength; at += MAX_DATA_FRAME) yield frame(FRAME.data, bytes.subarray(at, at + MAX_DATA_FRAME));
  },
};

/** A stream that does not follow the framing (a proxy's page, a cut connection): one sentence. */
export class FrameError extends Error {}

/**
 * Turns the body's chunks, split anywhere, back into frames. `push` returns the frames completed
 * by a chunk; `finish` says whether the stream stopped inside a frame.
 */
export class FrameDecoder {
  // Chunks not yet made into frames; joined only once a whole frame is there, so tiny chunks
  // cost no more than large ones.
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  /** The whole length (header included) of the frame being received, once its header is in. */
  private frameBytes: number | null = null;

  push(chunk: Uint8Array): Frame[] {
    if (chunk.byteLength > 0) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.byteLength;
    }
    const frames: Frame[] = [];
    for (;;) {
      if (this.frameBytes === null) {
        if (this.pendingBytes < HEADER) break;
        const header = this.peek(HEADER);
        const length = new DataView(header.buffer, header.byteOffset, HEADER).getUint32(1);
        if (length > MAX_FRAME) throw new FrameError(`the host's answer is not a framed stream (a frame of ${length} bytes)`);
        this.frameBytes = HEADER + length;
      }
      if (this.pendingBytes < this.frameBytes) break;
      const whole = this.take(this.frameBytes);
      this.frameBytes = null;
      frames.push(toFrame(whole[0], whole.subarray(HEADER)));
    }
    return frames;
  }

  /** Throws when bytes of an unfinished frame are left over. */
  finish(): void {
    if (this.pendingBytes > 0) throw new FrameError("the host's answer was cut off in the middle");
  }

  /** The first `n` pending bytes (a copy when they span chunks). */
  private peek(n: number): Uint8Array {
    if (this.pending[0].byteLength >= n) return this.pending[0].subarray(0, n);
    return this.gather(n, false);
  }

  /** Removes and returns the first `n` pending bytes, as a copy the caller owns. */
  private take(n: number): Uint8Array {
    return this.gather(n, true);
  }

  private gather(n: number, remove: boolean): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    let index = 0;
    while (filled < n) {
      const chunk = this.pending[index];
      const used = Math.min(chunk.byteLength, n - filled);
      out.set(chunk.subarray(0, used), filled);
      filled += used;
      if (remove && used < chunk.byteLength) this.pending[index] = chunk.subarray(used);
      else index++;
    }
    if (remove) {
      this.pending.splice(0, index);
      this.pendingBytes -= n;
    }
    return out;
  }
}

function toFrame(type: number, payload: Uint8Array): Frame {
  if (type === FRAME.data) return { type: 'data', bytes: payload };
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    throw new FrameError("the host's answer holds a frame that is not valid JSON");
  }
  const record = (value ?? {}) as Record<string, unknown>;
  switch (type) {
    case FRAME.progress:
      if (typeof record.received !== 'number') break;
      return { type: 'progress', progress: { received: record.received, ...(typeof record.total === 'number' ? { total: record.total } : {}) } };
    case FRAME.json:
      return { type: 'json', value };
    case FRAME.end:
      if (typeof record.name !== 'string' || typeof record.size !== 'number') break;
      return { type: 'end', name: record.name, size: record.size };
    case FRAME.error:
      if (typeof record.message !== 'string' || typeof record.kind !== 'string') break;
      return { type: 'error', failure: { message: record.message, kind: record.kind } };
  }
  throw new FrameError(`the host's answer holds a malformed frame (type ${type})`);
}
