export function StartScreen({ onOpen, onExample, onConnect }: { onOpen: () => void; onExample: () => void; onConnect: () => void }) {
  return (
    <div className="start-screen">
      <h1>Flamedeck</h1>
      <p>Open a pprof profile (.pb.gz, .pb, .pprof) or folded stacks (.folded, .txt), or fetch one from a Go service or a Pyroscope server, to see where the time and the memory go. Files stay on this machine.</p>
      <div className="start-actions">
        <button className="primary" onClick={onOpen}>
          Open a profile…
        </button>
        <button onClick={onConnect} data-testid="start-connect" title="A live Go service's /debug/pprof/, or a Pyroscope server">
          Connect…
        </button>
        <button onClick={onExample} data-testid="open-example">
          Open the example profile
        </button>
      </div>
      <p className="muted">or drop files anywhere in this window</p>
    </div>
  );
}
