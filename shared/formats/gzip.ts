/**
 * Gzips bytes with the platform's CompressionStream (browsers, workers, Node 18+), so an export
 * is written as pprof writes its own files (.pb.gz). Writing and reading run together: a stream
 * written whole before it is read would hold both copies in its queue.
 */
export async function gzipBytes(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const deflater = new CompressionStream('gzip');
  const writer = deflater.writable.getWriter();
  const writing = writer.write(bytes).then(() => writer.close());
  const reader = deflater.readable.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
  }
  await writing;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
