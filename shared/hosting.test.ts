import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, decodeUrlPath } from './hosting.js';

describe('hosting', () => {
  it('decodes a URL path, or says it names no file (malformed escape, NUL)', () => {
    expect(decodeUrlPath('/assets/a%20b.js')).toBe('/assets/a b.js');
    expect(decodeUrlPath('/%C3%A9')).toBe('/é');
    for (const bad of ['/%', '/%zz', '/%E0%A4%A', '/a%00.js']) expect(decodeUrlPath(bad), bad).toBeNull();
  });

  it('has a CSP with no inline or eval allowance', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/style-src 'self'(;|$)/);
  });
});
