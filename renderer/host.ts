/**
 * What the renderer asks of the program hosting it (DESIGN.md section 5). Web mode implements it
 * over HTTP against `flamedeck serve`; the desktop app will implement it over IPC.
 */
export interface HostFile {
  name: string;
  bytes: ArrayBuffer;
}

export interface Host {
  /** Profiles the user named when starting the app (command line). */
  initialFiles(): Promise<{ name: string; load: () => Promise<HostFile> }[]>;
  /** The bundled example: a real Go CPU profile with labels. */
  exampleProfile(): Promise<HostFile>;
}

async function fetchBytes(url: string, what: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${what}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

export const webHost: Host = {
  async initialFiles() {
    const response = await fetch('api/files').catch(() => null);
    if (!response || !response.ok) return [];
    const names = (await response.json()) as string[];
    return names.map((name, index) => ({
      name,
      load: async () => ({ name, bytes: await fetchBytes(`api/files/${index}`, name) }),
    }));
  },
  async exampleProfile() {
    const name = 'example-go-cpu.pb.gz';
    return { name, bytes: await fetchBytes(`example/${name}`, 'the example profile') };
  },
};
