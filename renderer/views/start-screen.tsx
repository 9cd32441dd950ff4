export function StartScreen({ onOpen, onExample }: { onOpen: () => void; onExample: () => void }) {
  return (
    <div className="start-screen">
      <h1>Flamedeck</h1>
      <p>Open a pprof profile (.pb.gz, .pb, .pprof) to see where the time and the memory go. Everything stays on this machine.</p>
      <div className="start-actions">
        <button className="primary" onClick={onOpen}>
          Open a profile…
        </button>
        <button onClick={onExample} data-testid="open-example">
          Open the example profile
        </button>
      </div>
      <p className="muted">or drop files anywhere in this window</p>
    </div>
  );
}
