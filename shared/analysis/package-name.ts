/**
 * The package or module a function belongs to, for colouring: frames of one package share a hue
 * in every profile. Go: "github.com/acme/orders.(*T).m" -> "github.com/acme/orders";
 * C++/Rust: "ns::Class::m" -> "ns"; Java/JS dotted: "com.acme.Foo.bar" -> "com.acme".
 */
export function packageOf(name: string): string {
  if (name.startsWith('[') || name.startsWith('<')) return name;
  const cpp = name.indexOf('::');
  if (cpp > 0) return name.slice(0, cpp).replace(/^.*[\s(*&]/, '');
  const slash = name.lastIndexOf('/');
  const afterSlash = slash >= 0 ? slash + 1 : 0;
  const dot = name.indexOf('.', afterSlash);
  if (slash >= 0) return dot > 0 ? name.slice(0, dot) : name;
  if (dot <= 0) return name;
  const parts = name.split('.');
  // A Go package has no dots of its own; a Java class path keeps all but the last two parts.
  return parts.length > 3 && /^[a-z]/.test(parts[0]) && /^[A-Z]/.test(parts[parts.length - 2])
    ? parts.slice(0, -2).join('.')
    : parts[0];
}

/** A stable 31-bit hash of a package name (FNV-1a), the colour key of its frames. */
export function colorKeyOf(pkg: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < pkg.length; i++) h = Math.imul(h ^ pkg.charCodeAt(i), 0x01000193);
  return (h >>> 1) & 0x7fffffff;
}
