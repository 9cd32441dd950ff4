/**
 * What both remote clients (a plain http(s) source and Pyroscope's API) do with a response and
 * say about it: a body read under a size cap, an HTML page told apart, Node's error codes found,
 * sizes and times in their sentences, basic auth.
 */

interface ByteStream {
  getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> };
}

/**
 * Reads a body chunk by chunk and refuses it (`tooLarge`) as soon as it passes `maxBytes`, so a
 * huge answer is never held whole. `stopped` ends the read when a timeout or cancel fires.
 */
export async function readCapped(
  body: ByteStream | null,
  maxBytes: number,
  tooLarge: () => Error,
  onChunk?: (received: number) => void,
  stopped?: Promise<never>,
): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  // Chunks are kept and joined once at the end: one copy, and never more than maxBytes held.
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for (;;) {
      const next = stopped ? await Promise.race([reader.read(), stopped]) : await reader.read();
      if (next.done || !next.value) break;
      received += next.value.byteLength;
      if (received > maxBytes) throw tooLarge();
      chunks.push(next.value);
      onChunk?.(received);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * An HTML page (a proxy's login page, say) where a profile or an API answer was expected: by its
 * type, or by its first byte, '<' after blanks; a pprof file never starts so (gzip is 0x1f, a
 * protobuf field tag is not '<'), nor does JSON.
 */
export function looksLikeHtml(contentType: string | null, bytes: Uint8Array): boolean {
  if (contentType !== null && /^\s*text\/html/i.test(contentType)) return true;
  for (let i = 0; i < bytes.length && i < 64; i++) {
    const b = bytes[i];
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0xef || b === 0xbb || b === 0xbf) continue;
    return b === 0x3c;
  }
  return false;
}

/** Node's fetch puts the socket's errno code on the error, its cause, or (happy eyeballs) the cause's first error. */
export function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 4; depth++) {
    const record = e as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof record.code === 'string' && record.code !== 'ERR_INVALID_STATE') return record.code;
    e = record.cause ?? record.errors?.[0];
  }
  return undefined;
}

const GIB = 1024 ** 3;

export function formatSize(bytes: number): string {
  if (bytes >= GIB) return `${+(bytes / GIB).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

export function seconds(ms: number): string {
  return `${+(ms / 1000).toFixed(2)} s`;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The Authorization value for a user and password (UTF-8; btoa is Latin-1 only, and not in every host shared/ runs in). */
export function basicAuth(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += BASE64[(n >> 18) & 63] + BASE64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? BASE64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? BASE64[n & 63] : '=';
  }
  return `Basic ${out}`;
}
