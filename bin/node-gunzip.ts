import { createGunzip } from 'node:zlib';
import { InflatedBytes, type Gunzip } from '../shared/formats/gunzip.js';
import { ProfileError } from '../shared/formats/profile-error.js';

/**
 * zlib's gunzip into one buffer (zlib.gunzip keeps every chunk and then joins them, twice the
 * memory at the end), stopping at maxBytes. Large chunks: the default 16 kB ones cost a third of
 * the time in copies.
 */
export const nodeGunzip: Gunzip = (bytes, maxBytes) =>
  new Promise((resolve, reject) => {
    const inflater = createGunzip({ chunkSize: 1 << 20 });
    const out = new InflatedBytes(bytes, maxBytes);
    let failed = false;
    const fail = (error: ProfileError) => {
      failed = true;
      inflater.destroy();
      reject(error);
    };
    inflater.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        out.append(chunk);
      } catch (error) {
        fail(error as ProfileError);
      }
    });
    inflater.on('error', (error) => {
      if (!failed) fail(new ProfileError('truncated', `the gzip data is truncated or corrupt (${error.message})`));
    });
    inflater.on('end', () => {
      if (!failed) resolve(out.bytes());
    });
    inflater.end(bytes);
  });
