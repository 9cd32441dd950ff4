/**
 * The name pprof shows for a function. pprof's symbolizer runs a demangling pass on every
 * profile it opens (symbolizer.Demangle, default mode): a function whose name is empty or equal
 * to its system name gets the system name, and a name that looks like demangled C++ loses its
 * parameters and template arguments ("std::vector<int>::push_back(int)" → "std::vector::push_back").
 * Names pprof would demangle from Itanium-mangled form (`_Z…`) are shown as written.
 */
export function pprofFunctionName(name: string, systemName: string): string {
  if (name !== '' && name !== systemName) return name;
  if (!looksLikeDemangledCPlusPlus(systemName)) return systemName;
  return removeMatching(removeMatching(systemName, '(', ')'), '<', '>');
}

function looksLikeDemangledCPlusPlus(name: string): boolean {
  // Java's "class.<init>" and Go's "foo.(*Bar[...]).Method" are not C++.
  if (name.includes('.<') || name.includes(']).')) return false;
  return /[<>[\]]/.test(name) || name.includes('::');
}

/** Removes nested open…close runs; gives the name back unchanged when they do not match. */
function removeMatching(name: string, open: string, close: string): string {
  let nesting = 0;
  let first = 0;
  for (let current = 0; current < name.length; current++) {
    const c = name[current];
    if (c === open) {
      nesting++;
      if (nesting === 1) first = current;
    } else if (c === close) {
      nesting--;
      if (nesting < 0) return name;
      if (nesting === 0) {
        name = name.slice(0, first) + name.slice(current + 1);
        current = first - 1;
      }
    }
  }
  return name;
}
