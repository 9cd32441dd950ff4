/**
 * The web-platform globals the engine uses, present alike in browsers, workers and Node (18+).
 * Only shared/tsconfig.json sees this file, so shared/ type-checks with no DOM and no Node types
 * and a use of anything else fails there.
 */
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}

declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}

type ReadableStreamReadResult<R> = { done: false; value: R } | { done: true; value?: undefined };

interface ReadableStreamDefaultReader<R> {
  read(): Promise<ReadableStreamReadResult<R>>;
  cancel(reason?: unknown): Promise<void>;
  releaseLock(): void;
}

interface WritableStream<W> {
  readonly locked: boolean;
  abort(reason?: unknown): Promise<void>;
  /** Never read; ties the type parameter to the stream. */
  readonly __chunk?: W;
}

interface ReadableWritablePair<R, W> {
  readable: ReadableStream<R>;
  writable: WritableStream<W>;
}

declare class ReadableStream<R> {
  getReader(): ReadableStreamDefaultReader<R>;
  pipeThrough<T>(transform: ReadableWritablePair<T, R>): ReadableStream<T>;
  cancel(reason?: unknown): Promise<void>;
}

declare class DecompressionStream {
  constructor(format: 'gzip' | 'deflate' | 'deflate-raw');
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
}

type BlobPart = ArrayBufferView<ArrayBuffer> | ArrayBuffer | Blob | string;

declare class Blob {
  constructor(parts?: BlobPart[], options?: { type?: string });
  readonly size: number;
  readonly type: string;
  slice(start?: number, end?: number, contentType?: string): Blob;
  arrayBuffer(): Promise<ArrayBuffer>;
  stream(): ReadableStream<Uint8Array>;
}
