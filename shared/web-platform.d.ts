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

interface WritableStreamDefaultWriter<W> {
  readonly ready: Promise<void>;
  write(chunk: W): Promise<void>;
  close(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
}

interface WritableStream<W> {
  getWriter(): WritableStreamDefaultWriter<W>;
}

declare class ReadableStream<R> {
  constructor(source?: { start?(controller: { enqueue(chunk: R): void; close(): void }): void });
  getReader(): ReadableStreamDefaultReader<R>;
  cancel(reason?: unknown): Promise<void>;
}

declare class DecompressionStream {
  constructor(format: 'gzip' | 'deflate' | 'deflate-raw');
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
}

declare class CompressionStream {
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
  stream(): ReadableStream<Uint8Array<ArrayBuffer>>;
}

/** Web Crypto's random source (the path cache's per-decode hash seed). */
declare const crypto: { getRandomValues<T extends Int32Array | Uint32Array | Uint8Array>(array: T): T };

/** Cancellation, for the remote sources' timeouts and the caller's Cancel. */
interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

declare class AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}

declare function setTimeout(handler: () => void, ms?: number): unknown;
declare function clearTimeout(id: unknown): void;

/** WHATWG URL, as far as the remote sources parse and rewrite source URLs. */
declare class URL {
  constructor(url: string, base?: string | URL);
  href: string;
  protocol: string;
  username: string;
  password: string;
  host: string;
  hostname: string;
  port: string;
  pathname: string;
  search: string;
  hash: string;
  readonly origin: string;
  readonly searchParams: { get(name: string): string | null; set(name: string, value: string): void; delete(name: string): void };
  toString(): string;
}
