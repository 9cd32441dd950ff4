/** Remote profiles are fetched here, in the main process (no CORS), never in the renderer. */
export interface RemoteFetchOptions {
  timeoutMs: number;
  maxBytes: number;
  fetchImpl?: typeof fetch;
}

const REMOTE_DEFAULTS: RemoteFetchOptions = { timeoutMs: 60_000, maxBytes: 512 * 1024 * 1024 };

function validateRemoteUrl(raw: unknown): URL {
  if (typeof raw !== 'string' || raw.length > 8192) throw new Error('a URL is required');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`only http and https URLs can be fetched, not ${url.protocol}`);
  if (url.username || url.password) throw new Error('URLs with credentials are not fetched');
  return url;
}

/** GET with a timeout and a size cap; the body is read chunk by chunk so the cap holds. */
export async function fetchRemote(raw: unknown, options: RemoteFetchOptions = REMOTE_DEFAULTS): Promise<{ name: string; bytes: Uint8Array }> {
  const url = validateRemoteUrl(raw);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const response = await (options.fetchImpl ?? fetch)(url, { signal: controller.signal, redirect: 'follow' });
    if (!response.ok) throw new Error(`${url.host} answered HTTP ${response.status}`);
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > options.maxBytes) throw new Error(`the response is larger than the ${options.maxBytes} byte limit`);
    const reader = response.body?.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    if (reader) {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.length;
        if (total > options.maxBytes) {
          await reader.cancel();
          throw new Error(`the response is larger than the ${options.maxBytes} byte limit`);
        }
        chunks.push(value);
      }
    }
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    const name = url.pathname.split('/').filter(Boolean).pop() || url.host;
    return { name, bytes };
  } catch (error) {
    if (controller.signal.aborted) throw new Error(`fetching ${url.href} timed out after ${options.timeoutMs / 1000} s`, { cause: error });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
