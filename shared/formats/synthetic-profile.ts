import { ProtoWriter } from './proto-writer.js';

/**
 * A seeded generator of realistic-shaped pprof profiles, after the project's reference synth.go: call-graph
 * random walks (so stacks share prefixes), recursion, inlined frames, unsymbolized libc frames,
 * string and numeric labels, two sample types, Zipf-like hot stacks.
 */
export interface SynthOptions {
  stacks: number;
  samples: number;
  seed: number;
  /** Distinct functions (and locations); 20,000 in the benchmark's shapes. */
  functions?: number;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function synthesizeProfile({ stacks: stackCount, samples: sampleCount, seed, functions = 20_000 }: SynthOptions): Uint8Array {
  const random = mulberry32(seed);
  const int = (n: number) => Math.floor(random() * n);
  const functionCount = functions;
  const packages = ['net/http', 'encoding/json', 'runtime', 'database/sql', 'github.com/acme/orders', 'github.com/acme/users', 'google.golang.org/grpc', 'crypto/tls', 'compress/gzip', 'sort', 'regexp', 'github.com/acme/cache'];
  const strings = [''];
  const stringIndex = new Map<string, number>([['', 0]]);
  const str = (s: string) => {
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      stringIndex.set(s, i);
    }
    return i;
  };
  const out = new ProtoWriter();
  const scratch = new ProtoWriter();
  const inner = new ProtoWriter();

  out.message(1, scratch, (w) => w.uint(1, str('samples')).uint(2, str('count')));
  out.message(1, scratch, (w) => w.uint(1, str('cpu')).uint(2, str('nanoseconds')));

  const callees: number[][] = [];
  for (let f = 0; f < functionCount; f++) {
    const k = 1 + int(4);
    callees.push(Array.from({ length: k }, () => int(functionCount)));
  }
  // One location per function (id f+1), an inlined callee in every 11th; 50 libc locations after.
  const libcBase = functionCount + 1;
  const roots = [0, 1, 2, 3, 4, 5];
  const endpoints = ['/api/v1/orders', '/api/v1/users', '/api/v1/cart', '/healthz', '/metrics'];
  const tiers = ['free', 'pro', 'enterprise'];
  const paths: Uint32Array[] = [];
  for (let s = 0; s < stackCount; s++) {
    const depth = Math.min(120, 5 + Math.floor(-Math.log(1 - random()) * 25));
    let f = roots[int(roots.length)];
    const path = [f];
    for (let d = 1; d < depth; d++) {
      f = int(30) === 0 && path.length > 2 ? path[int(path.length)] : callees[f][int(callees[f].length)];
      path.push(f);
    }
    const leafFirst = path.reverse().map((fn) => fn + 1);
    if (int(10) === 0) leafFirst.unshift(libcBase + int(50));
    paths.push(Uint32Array.from(leafFirst));
  }
  const endpointKey = str('endpoint');
  const tierKey = str('customer_tier');
  const bytesKey = str('request_bytes');
  const bytesUnit = str('bytes');
  const endpointIds = endpoints.map(str);
  const tierIds = tiers.map(str);
  for (let i = 0; i < sampleCount; i++) {
    const s = Math.floor(stackCount * random() * random() * random());
    const n = 1 + int(3);
    out.message(2, scratch, (w) => {
      w.packed(1, paths[s], inner);
      w.packed(2, [n, n * 10_000_000], inner);
      w.message(3, inner, (l) => l.uint(1, endpointKey).uint(2, endpointIds[s % endpoints.length]));
      w.message(3, inner, (l) => l.uint(1, tierKey).uint(2, tierIds[Math.floor(s / 7) % tiers.length]));
      w.message(3, inner, (l) => l.uint(1, bytesKey).uint(3, 100 + (s % 5000)).uint(4, bytesUnit));
    });
  }
  const exe = str('/usr/bin/orders-svc');
  const libc = str('/lib/x86_64-linux-gnu/libc.so.6');
  out.message(3, scratch, (w) => w.uint(1, 1).uint(2, 0x400000).uint(3, 0x4000000).uint(5, exe).uint(7, 1));
  out.message(3, scratch, (w) => w.uint(1, 2).uint(2, 0x7f0000000000).uint(3, 0x7f0000100000).uint(5, libc));
  for (let f = 0; f < functionCount; f++) {
    out.message(4, scratch, (w) => {
      w.uint(1, f + 1).uint(2, 1).uint(3, 0x400000 + f * 64);
      if (f % 11 === 0) {
        const g = (f * 31) % functionCount;
        w.message(4, inner, (l) => l.uint(1, g + 1).uint(2, 5 + (g % 90)));
      }
      w.message(4, inner, (l) => l.uint(1, f + 1).uint(2, 20 + (f % 800)));
    });
  }
  for (let i = 0; i < 50; i++) out.message(4, scratch, (w) => w.uint(1, libcBase + i).uint(2, 2).uint(3, 0x7f0000000000 + i * 4096));
  for (let f = 0; f < functionCount; f++) {
    const pkg = packages[int(packages.length)];
    out.message(5, scratch, (w) =>
      w
        .uint(1, f + 1)
        .uint(2, str(`${pkg}.(*T${f % 97}).method${f}`))
        .uint(3, str(`${pkg}.method${f}`))
        .uint(4, str(`/src/${pkg}/file${f % 300}.go`))
        .uint(5, 10 + (f % 500)),
    );
  }
  out.uint(9, 1_763_900_000_000_000_000).uint(10, 60e9);
  out.message(11, scratch, (w) => w.uint(1, str('cpu')).uint(2, str('nanoseconds')));
  out.uint(12, 10_000_000).uint(14, str('cpu'));
  for (const s of strings) out.string(6, s);
  return out.finish();
}
