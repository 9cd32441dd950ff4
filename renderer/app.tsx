import { useEffect, useRef, useState } from 'react';
import type { Theme } from '../shared/render/frame-colors.js';
import { DEFAULT_SETTINGS } from '../shared/hosting.js';
import type { Host, HostSettings, OfferedFile } from './host.js';
import { cancelRequest, closeProfile, openComparison, openFailed, openProfile, startEngine, zoomOut } from './state/actions.js';
import { zoomOutSandwich } from './state/sandwich-actions.js';
import { activeTab, setTabDefaults, useStore } from './state/store.js';
import { onHashChange, startOpened, syncTabs, writeHash } from './state/hash-sync.js';
import { update } from './state/sessions.js';
import { ProfileView } from './views/profile-view.js';
import { isSoftwareWebGL } from './flame/choose-painter.js';
import { StartScreen } from './views/start-screen.js';
import { ConnectDialog } from './views/connect/connect-dialog.js';
import { openConnectDialog, useConnectDialog } from './state/connect-store.js';
import { FetchProgress } from './views/remote-status.js';
import { openRemoteComparison, openRemoteSource, retryTab, setRemoteHost } from './state/remote-actions.js';
import { TabErrorBoundary } from './views/tab-error-boundary.js';
import { DETAIL_SEPARATOR } from '../shared/formats/decode-diagnosis.js';
import { readThemeChoice, writeThemeChoice, type ThemeChoice } from './state/local-prefs.js';
import { FlashMessage } from './views/flash-message.js';
import { setExportMenuOpen, setSaveHost } from './state/export-actions.js';

function useTheme(choice: HostSettings['theme']): Theme {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  const [dark, setDark] = useState(query.matches);
  useEffect(() => {
    const listener = (event: MediaQueryListEvent) => setDark(event.matches);
    query.addEventListener('change', listener);
    return () => query.removeEventListener('change', listener);
  }, [query]);
  if (choice !== 'system') return choice;
  return dark ? 'dark' : 'light';
}

/** Settings from the desktop host (theme, default view, order); web mode keeps the defaults. */
function useHostSettings(host: Host): HostSettings {
  const [settings, setSettings] = useState<HostSettings>(DEFAULT_SETTINGS);
  useEffect(() => {
    host.settings?.().then(setSettings, (error: unknown) => console.warn('could not read the settings', error));
    return host.onSettings?.(setSettings);
  }, [host]);
  useEffect(() => setTabDefaults({ view: settings.defaultView, order: settings.order }), [settings]);
  return settings;
}

async function openOffered(files: OfferedFile[]): Promise<void> {
  for (const file of files) {
    if (file.source) {
      await openRemoteSource({ source: file.source });
      continue;
    }
    try {
      const loaded = await file.load();
      await openProfile(loaded.name, loaded.bytes);
    } catch (error) {
      openFailed(file.name, error instanceof Error ? error.message : String(error));
    }
  }
}

/** `flamedeck --base BASE TARGET`: the comparison, in a tab of its own. */
async function openOfferedComparison(base: OfferedFile, target: OfferedFile): Promise<void> {
  // Two sources: a remote comparison tab, with its progress, Cancel and Refresh.
  if (base.source && target.source) {
    await openRemoteComparison({ source: base.source }, { source: target.source });
    return;
  }
  try {
    const [b, t] = await Promise.all([base.load(), target.load()]);
    await openComparison({ name: b.name, source: b.bytes }, { name: t.name, source: t.bytes });
  } catch (error) {
    openFailed(`${base.name} → ${target.name}`, error instanceof Error ? error.message : String(error));
  }
}

async function openFiles(files: Iterable<File>): Promise<void> {
  for (const file of files) {
    try {
      await openProfile(file.name, file);
    } catch (error) {
      openFailed(file.name, error instanceof Error ? error.message : String(error));
    }
  }
}

/** The sentence the user can act on, then the decoder's detail in smaller type (see decode-diagnosis.ts). */
function OpenErrorMessage({ text }: { text: string }) {
  const at = text.indexOf(DETAIL_SEPARATOR);
  if (at < 0) return <p>{text}</p>;
  return (
    <p>
      {text.slice(0, at)}
      <span className="error-detail">{text.slice(at)}</span>
    </p>
  );
}

/** Web mode's theme choice (the desktop app's is in its View menu): remembered in the browser. */
function ThemeSelect({ choice, onChoose }: { choice: ThemeChoice; onChoose: (choice: ThemeChoice) => void }) {
  return (
    <label className="theme-choice" title="Colour theme (remembered in this browser)">
      <span className="label">Theme</span>
      <select value={choice} data-testid="theme" onChange={(event) => onChoose(event.target.value as ThemeChoice)}>
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}

export function App({ host }: { host: Host }) {
  const settings = useHostSettings(host);
  const [webTheme, setWebTheme] = useState(readThemeChoice);
  const theme = useTheme(host.kind === 'web' ? webTheme : settings.theme);
  const chooseTheme = (choice: ThemeChoice) => {
    setWebTheme(choice);
    writeThemeChoice(choice);
  };
  const tabs = useStore((s) => s.tabs);
  const activeKey = useStore((s) => s.activeKey);
  const activate = useStore((s) => s.activate);
  const fileInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const tab = tabs.find((t) => t.key === activeKey);
  const connectOpen = useConnectDialog((s) => s.open);
  const tabStrip = useRef<HTMLDivElement>(null);
  // With more tabs than the strip holds it scrolls: the active one (a new one, or one chosen with the keys) is brought into sight.
  useEffect(() => {
    tabStrip.current?.querySelector('.tab.active')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [activeKey, tabs.length]);

  // Decide the painter and warm the engine up while the user is still choosing a file.
  const [engineWarm, setEngineWarm] = useState(false);
  useEffect(() => {
    startEngine(() => setEngineWarm(true));
    const id = setTimeout(isSoftwareWebGL, 0);
    return () => clearTimeout(id);
  }, []);

  // Files named on the command line open at start (then the hash's remote source, if none of them is it); the desktop host sends more later.
  useEffect(() => {
    setRemoteHost(host.remote);
    setSaveHost(host);
    Promise.all([host.initialFiles(), host.initialComparison?.() ?? false])
      .then(([files, compare]) => (compare && files.length === 2 ? openOfferedComparison(files[0], files[1]) : openOffered(files)))
      .catch((error: unknown) => console.error('could not list the files to open', error))
      .finally(startOpened);
    const stopFiles = host.onOpenFiles?.((files) => void openOffered(files));
    const stopConnect = host.onConnect?.(openConnectDialog);
    // File › Export… opens the toolbar's Export menu (there is one only while a profile is shown).
    const stopExport = host.onExport?.(() => setExportMenuOpen(activeTab()?.status === 'ready'));
    const stopComparison = host.onOpenComparison?.((files) => void (files.length === 2 ? openOfferedComparison(files[0], files[1]) : openOffered(files)));
    return () => {
      stopFiles?.();
      stopComparison?.();
      stopConnect?.();
      stopExport?.();
    };
  }, [host]);

  const chooseFiles = () => {
    if (host.openDialog) host.openDialog().then(openOffered, (error: unknown) => openFailed('open', String(error)));
    else fileInput.current?.click();
  };
  const chooseFilesRef = useRef(chooseFiles);
  useEffect(() => {
    chooseFilesRef.current = chooseFiles;
  });

  // The hash (state/hash-sync.ts): applied to the tab it names once that tab is ready and on every
  // change; written back from the active tab as the user acts.
  useEffect(() => syncTabs(tabs), [tabs]);
  useEffect(() => {
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  useEffect(() => writeHash(tab), [tab]);

  // Keyboard: / or Ctrl+F search; Esc cancels what the tab is waiting for, else clears the table selection, else Esc/Backspace zoom out one level.
  useEffect(() => {
    // With Ctrl/Cmd: O opens files, Shift+O Connect…, E the Export menu (as File › Export…).
    const webMenuKeys = new Map<string, () => void>([
      ['o', () => chooseFilesRef.current()],
      ['shift+o', openConnectDialog],
      ['e', () => setExportMenuOpen(activeTab()?.status === 'ready')],
    ]);
    const onKey = (event: KeyboardEvent) => {
      const waiting = activeTab();
      if (event.key === 'Escape' && waiting && (waiting.status === 'loading' || waiting.busy || waiting.sandwichBusy || waiting.fetching)) {
        event.preventDefault();
        cancelRequest(waiting.key);
        return;
      }
      // The desktop app's File menu shortcuts; in a browser the page takes them over from the browser's
      // own (a keydown may open the file chooser: it counts as a user gesture).
      const command = host.kind === 'web' && (event.ctrlKey || event.metaKey) && !event.altKey ? webMenuKeys.get(`${event.shiftKey ? 'shift+' : ''}${event.key.toLowerCase()}`) : undefined;
      if (command) {
        event.preventDefault();
        command();
        return;
      }
      const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
      if ((event.key === '/' && !typing) || (event.key === 'f' && (event.ctrlKey || event.metaKey))) {
        event.preventDefault();
        document.getElementById('search')?.focus();
        return;
      }
      const current = activeTab();
      if (typing) {
        if (event.key === 'Escape') (event.target as HTMLElement).blur();
        return;
      }
      // Esc clears a table selection first: it is the one state that greys the graph with nothing else to undo it.
      if (event.key === 'Escape' && current && current.selectedFunc >= 0) {
        event.preventDefault();
        update(current.key, { selectedFunc: -1 });
      } else if ((event.key === 'Escape' || event.key === 'Backspace') && current?.view === 'sandwich') {
        event.preventDefault();
        zoomOutSandwich(current.key);
      } else if ((event.key === 'Escape' || event.key === 'Backspace') && current?.flame && current.flame.path.length > 1 && ['flame', 'icicle', 'diff', 'sbs'].includes(current.view)) {
        event.preventDefault();
        zoomOut(current.key);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [host]);

  const openExample = async () => {
    try {
      const example = await host.exampleProfile();
      await openProfile(example.name, example.bytes);
    } catch (error) {
      openFailed('example', error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <div
      className={`app theme-${theme}`}
      data-engine-warm={engineWarm ? 'true' : 'false'}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setDragging(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        const dropped = Array.from(event.dataTransfer.files);
        for (const file of dropped) host.noteDroppedFile?.(file);
        void openFiles(dropped);
      }}
    >
      <header className="tabs-bar">
        <span className="brand">Flamedeck</span>
        <div className="tabs" role="tablist" ref={tabStrip}>
          {tabs.map((t) => (
            <div key={t.key} role="tab" aria-selected={t.key === activeKey} className={`tab ${t.key === activeKey ? 'active' : ''} ${t.status}`} data-testid="tab">
              <button className="tab-name" onClick={() => activate(t.key)} title={t.name}>
                {t.status === 'error' || t.status === 'stopped' ? '⚠ ' : ''}
                {t.name}
              </button>
              <button className="tab-close" aria-label={`Close ${t.name}`} onClick={() => closeProfile(t.key)}>
                ×
              </button>
            </div>
          ))}
        </div>
        <button onClick={chooseFiles}>Open…</button>
        <button onClick={openConnectDialog} data-testid="connect" title="Open a profile from a Go service or a Pyroscope server">
          Connect…
        </button>
        {host.kind === 'web' && <ThemeSelect choice={webTheme} onChoose={chooseTheme} />}
        <input
          ref={fileInput}
          data-testid="open-file"
          type="file"
          multiple
          accept=".gz,.pb,.pprof,.prof,.folded,.txt,application/octet-stream,text/plain"
          hidden
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []);
            event.target.value = '';
            void openFiles(files);
          }}
        />
      </header>
      <main>
        {!tab && <StartScreen onOpen={chooseFiles} onExample={() => void openExample()} onConnect={openConnectDialog} />}
        {tab?.status === 'loading' && tab.fetching && <FetchProgress tab={tab} />}
        {tab?.status === 'loading' && !tab.fetching && (
          <div className="loading-screen" role="status" data-testid="loading">
            <p>
              Opening {tab.name}… {tab.phase}
            </p>
            <div className="progress-row">
              <progress value={tab.progress} max={1} />
              <button onClick={() => cancelRequest(tab.key)} data-testid="cancel-request" title="Stop opening this file (Esc)">
                Cancel
              </button>
            </div>
          </div>
        )}
        {tab?.status === 'error' && (
          <div className="open-error" role="alert" data-testid="open-error">
            <h2>{tab.remote && !tab.summary ? 'Could not fetch this profile' : 'Could not open this file'}</h2>
            <OpenErrorMessage text={tab.error} />
            <div className="start-actions">
              {tab.remote && (
                <button className="primary" onClick={() => retryTab(tab.key)} data-testid="retry">
                  Try again
                </button>
              )}
              <button onClick={() => closeProfile(tab.key)}>Close this tab</button>
            </div>
          </div>
        )}
        {tab?.status === 'stopped' && (
          <div className="open-error stopped" role="status" data-testid="stopped-tab">
            <h2>Stopped</h2>
            <p data-testid="stopped">{tab.stopped}</p>
            <div className="start-actions">
              <button className="primary" onClick={() => retryTab(tab.key)} data-testid="retry">
                Try again
              </button>
              <button onClick={() => closeProfile(tab.key)}>Close this tab</button>
            </div>
          </div>
        )}
        {tab?.status === 'ready' && (
          <TabErrorBoundary key={tab.key} name={tab.name}>
            <ProfileView tab={tab} theme={theme} />
          </TabErrorBoundary>
        )}
      </main>
      <FlashMessage />
      {dragging && <div className="drop-overlay">Drop profiles to open them</div>}
      {connectOpen && <ConnectDialog remote={host.remote} />}
    </div>
  );
}
