/** Server URLs as the user types them (`127.0.0.1:6060`), made whole or refused in one sentence. */

function parseHttpUrl(text: string): URL {
  const typed = text.trim();
  if (!typed) throw new Error('Enter the server URL first.');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `http://${typed}`);
  } catch {
    throw new Error(`"${typed}" is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`"${typed}" is not an http or https URL.`);
  if (url.username || url.password) throw new Error('Put the user and password in the authentication fields, not in the URL.');
  return url;
}

/** A Go service's pprof index: the host alone means its standard `/debug/pprof/` path. */
export function normalizeGoBaseUrl(text: string): string {
  const url = parseHttpUrl(text);
  url.search = '';
  url.hash = '';
  if (url.pathname === '/') url.pathname = '/debug/pprof/';
  else if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.toString();
}

/** A Pyroscope server: origin and path prefix, no trailing slash (where the Connect API lives). */
export function normalizeServerUrl(text: string): string {
  const url = parseHttpUrl(text);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
