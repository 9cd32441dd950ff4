import { describe, expect, it } from 'vitest';
import { authFieldsOf, credentialsOf, hasKeptSecretFor } from './credentials.js';
import { goSourceUrl, parseCaptureSeconds } from './go-source.js';
import { normalizeGoBaseUrl, normalizeServerUrl } from './server-url.js';

describe('Go service fields', () => {
  it('completes a typed address to the pprof index', () => {
    expect(normalizeGoBaseUrl('127.0.0.1:6060')).toBe('http://127.0.0.1:6060/debug/pprof/');
    expect(normalizeGoBaseUrl(' http://host:6060/debug/pprof ')).toBe('http://host:6060/debug/pprof/');
    expect(normalizeGoBaseUrl('https://host/svc/debug/pprof/?x=1')).toBe('https://host/svc/debug/pprof/');
  });

  it('refuses what is not an http(s) URL, and credentials in it, in one sentence', () => {
    expect(() => normalizeGoBaseUrl('')).toThrow('Enter the server URL first.');
    expect(() => normalizeGoBaseUrl('ftp://host/')).toThrow('"ftp://host/" is not an http or https URL.');
    expect(() => normalizeGoBaseUrl('http://[nope')).toThrow('"http://[nope" is not a valid URL.');
    expect(() => normalizeServerUrl('http://bob:pw@host:4040')).toThrow(/authentication fields/);
  });

  it('records a CPU profile for the seconds asked, and opens the others as they are', () => {
    const profile = { name: 'profile', url: 'http://h:6060/debug/pprof/profile', description: 'CPU', timed: true };
    const heap = { name: 'heap', url: 'http://h:6060/debug/pprof/heap?gc=1', description: 'heap', timed: false };
    expect(goSourceUrl(profile, 30)).toBe('http://h:6060/debug/pprof/profile?seconds=30');
    expect(goSourceUrl(heap, 30)).toBe('http://h:6060/debug/pprof/heap?gc=1');
    expect(parseCaptureSeconds(' 5 ')).toBe(5);
    for (const bad of ['0', '-3', '2.5', 'abc', '', '3601']) expect(() => parseCaptureSeconds(bad), bad).toThrow(/whole number of seconds from 1 to 3600/);
  });
});

describe('Pyroscope connection fields', () => {
  it('keeps the server URL prefix without a trailing slash', () => {
    expect(normalizeServerUrl('localhost:4040')).toBe('http://localhost:4040');
    expect(normalizeServerUrl('https://grafana.example/pyroscope/')).toBe('https://grafana.example/pyroscope');
  });

  it('sends the tenant and the typed secret, and says so when there are none (not the host\'s kept ones)', () => {
    const none = authFieldsOf(undefined);
    expect(credentialsOf(none, false)).toEqual({});
    expect(credentialsOf({ ...none, tenant: ' acme ' }, false)).toEqual({ tenant: 'acme' });
    expect(credentialsOf({ ...none, kind: 'basic', user: 'bob', password: 'pw' }, false)).toEqual({ user: 'bob', password: 'pw' });
    expect(credentialsOf({ ...none, kind: 'bearer', token: 't', tenant: 'acme' }, false)).toEqual({ tenant: 'acme', token: 't' });
  });

  it('lets the host use the secret it keeps when the field is left empty, and asks for one otherwise', () => {
    const recent = { kind: 'pyroscope' as const, url: 'http://h:4040', tenant: 'acme', user: 'bob', hasSecret: true };
    const saved = authFieldsOf(recent);
    expect(saved).toEqual({ tenant: 'acme', kind: 'basic', user: 'bob', password: '', token: '' });
    // The tenant and user go as typed; the host adds the password it keeps for bob.
    expect(credentialsOf(saved, true)).toEqual({ tenant: 'acme', user: 'bob', savedSecret: true });
    expect(credentialsOf({ ...saved, tenant: 'other' }, true)).toEqual({ tenant: 'other', user: 'bob', savedSecret: true });
    expect(credentialsOf({ ...saved, password: 'typed' }, true)).toEqual({ tenant: 'acme', user: 'bob', password: 'typed' });
    expect(credentialsOf({ ...saved, kind: 'bearer', tenant: '' }, true)).toEqual({ savedSecret: true });
    expect(authFieldsOf({ kind: 'pyroscope', url: 'http://h:4040', hasSecret: true }).kind).toBe('bearer');
    expect(() => credentialsOf(saved, false)).toThrow('Enter the password for basic authentication.');
    expect(() => credentialsOf({ ...saved, user: '' }, true)).toThrow('Enter the user name for basic authentication.');
    expect(() => credentialsOf({ ...saved, kind: 'bearer' }, false)).toThrow('Enter the bearer token.');
  });

  it('the kept secret is for the same kind of authentication and the same user only', () => {
    const recent = { kind: 'pyroscope' as const, url: 'http://h:4040', user: 'bob', hasSecret: true };
    const saved = authFieldsOf(recent);
    expect(hasKeptSecretFor(saved, recent)).toBe(true);
    expect(hasKeptSecretFor({ ...saved, tenant: 'other' }, recent)).toBe(true);
    expect(hasKeptSecretFor({ ...saved, user: 'ann' }, recent)).toBe(false);
    expect(hasKeptSecretFor({ ...saved, kind: 'bearer' }, recent)).toBe(false);
    expect(hasKeptSecretFor(saved, { ...recent, hasSecret: undefined })).toBe(false);
    expect(hasKeptSecretFor(saved, undefined)).toBe(false);
    const bearer = { kind: 'pyroscope' as const, url: 'http://h:4040', hasSecret: true };
    expect(hasKeptSecretFor(authFieldsOf(bearer), bearer)).toBe(true);
    expect(hasKeptSecretFor({ ...authFieldsOf(bearer), kind: 'none' }, bearer)).toBe(false);
  });
});
