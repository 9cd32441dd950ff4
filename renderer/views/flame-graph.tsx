import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { rectColors, type Theme } from '../../shared/render/frame-colors.js';
import { depthIndex, hitTest } from '../flame/hit-test.js';
import type { Painter } from '../flame/painter.js';
import { createPainter } from '../flame/choose-painter.js';
import { TextOverlay } from '../flame/text-overlay.js';
import { contentHeight, rowTop, type Viewport } from '../flame/viewport.js';
import type { TooltipAnchor } from '../flame/tooltip-place.js';
import type { FlameRects, ProfileSummary, ZoomPath } from '../worker/protocol.js';
import { rectFuncPath, rectOfFuncPath, rectStack, rectZoomPath } from '../flame/zoom-names.js';
import { FrameTooltip } from './frame-tooltip.js';
import { FrameMenu, type FrameMenuItem, type FrameMenuState, type MenuFrame } from './frame-menu.js';
import { provideGraphImage, type GraphSnapshot } from '../export/graph-image.js';
import { formatValue } from '../format.js';

const ROW_HEIGHT = 18;

/** Rows of content: a flame graph shorter than the view sits on the bottom edge. */
function rowsFor(maxDepth: number, heightCss: number, flipped: boolean): number {
  return flipped ? Math.max(maxDepth + 1, Math.floor(heightCss / ROW_HEIGHT)) : maxDepth + 1;
}
const ZOOM_MS = 260;

/**
 * Everything a graph shows and does comes in through its props (no store, no global actions),
 * so a view can show several: the main graph, a sandwich's two halves, a comparison's two sides.
 */
export interface FlameGraphProps {
  rects: FlameRects | null;
  /** Function names, files and lines (index = function id). */
  summary: ProfileSummary;
  /** Unit of the values, and the total that tooltips give shares of. */
  unit: string;
  total: number;
  flipped: boolean;
  theme: Theme;
  /** Per function: 1 to highlight (search, selection); null = no highlight. */
  highlight: Uint8Array | null;
  /** A newer graph is on its way: not ready yet. */
  busy: boolean;
  /** Names the graph for assistive technology and tests (`data-profile`). */
  label: string;
  testId?: string;
  /** Callers graphs grow from the callee: a frame's parent is the function it calls. */
  inverted?: boolean;
  /**
   * A graph shorter than its pane takes only its own height, at the pane's top: a shallow flame
   * graph then has no band of empty rows above it. Off where graphs must line up with their
   * neighbours (a sandwich's halves meet at the function, side-by-side roots share a row).
   */
  fitShort?: boolean;
  /** Extra attributes for tests (e.g. `data-half`). */
  dataset?: Record<string, string>;
  /** Called after the zoom animation, with the path of names of the frame clicked. */
  onZoom: (path: ZoomPath) => void;
  /** The right-click menu of a frame. */
  menuFor: (frame: MenuFrame) => FrameMenuItem[];
  /** The `s` key on the focused (or hovered) frame. */
  onSandwich?: (name: string) => void;
  /** The drawing width in device pixels, for the worker's layouts. */
  onWidth?: (px: number) => void;
  /** The first frame of each new `rects` has been drawn. */
  onDrawn?: (rects: FlameRects) => void;
  /** Side by side: the call path hovered on this graph (function numbers), or null. */
  onHoverPath?: (path: Int32Array | null) => void;
  /** Side by side: the path hovered on the other graph, outlined here when this graph has it. */
  linkedPath?: Int32Array | null;
  /** Colours other than the package palette (a diff's). */
  colorize?: (rects: FlameRects, theme: Theme, highlight: Uint8Array | null) => Uint8Array;
  /** The tooltip's figures other than total/self/parent (a diff's base, target and delta). */
  tooltipDetails?: (rects: FlameRects, index: number) => React.ReactNode;
  /** The graph the Export menu saves as an image: its header line. */
  image?: { header: string[] };
}

declare global {
  interface Window {
    /** Draw times (ms) of animated frames, read by the browser benchmark. */
    __flamedeckFrameTimes?: number[];
    __flamedeckPainter?: string;
  }
}

export function FlameGraph(props: FlameGraphProps) {
  const { rects, summary, flipped, theme, highlight, busy, onZoom, onWidth } = props;
  const paneRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const spacerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const painterRef = useRef<Painter | null>(null);
  const overlayPainter = useRef<TextOverlay | null>(null);
  const viewport = useRef<Viewport>({ x0: 0, x1: 1, scrollY: 0, widthCss: 800, heightCss: 400, dpr: 1, rowHeight: ROW_HEIGHT, rows: 1, flipped });
  const frameRequest = useRef(0);
  const animation = useRef<{ from: [number, number]; to: [number, number]; start: number; path: ZoomPath } | null>(null);
  /** The frame whose tooltip shows: under the mouse, or chosen with the keyboard. */
  const [hover, setHover] = useState<{ index: number; anchor: TooltipAnchor } | null>(null);
  const [menu, setMenu] = useState<FrameMenuState | null>(null);
  const [readyFor, setReadyFor] = useState<FlameRects | null>(null);
  /** The frame chosen with the arrow keys, and its outline (placed when chosen). */
  const [focus, setFocus] = useState<{ index: number; box: React.CSSProperties } | null>(null);
  const focusIndex = focus?.index ?? -1;
  /** The chosen frame's function path, to find it again in a new layout. */
  const focusPath = useRef<Int32Array | null>(null);
  /** The graph's size in CSS pixels, for placing the tooltip and the menu. */
  const [size, setSize] = useState({ width: 800, height: 400 });
  const drawnRects = useRef<FlameRects | null>(null);
  const rectsRef = useRef(rects);
  const onDrawnRef = useRef(props.onDrawn);
  const onWidthRef = useRef(onWidth);
  const fitShortRef = useRef(props.fitShort ?? false);
  /** The latest draw, for requestAnimationFrame callbacks scheduled by an earlier one. */
  const drawRef = useRef<() => void>(() => {});
  // Refs follow the props for the callbacks that run outside rendering (frames, resizes).
  useLayoutEffect(() => {
    rectsRef.current = rects;
    onDrawnRef.current = props.onDrawn;
    onWidthRef.current = onWidth;
    fitShortRef.current = props.fitShort ?? false;
  });
  const names = summary.functionNames;
  const { colorize } = props;
  const colorsOf = useCallback((r: FlameRects) => (colorize ? colorize(r, theme, highlight) : rectColors(r.colorKey, r.func, theme, highlight)), [colorize, theme, highlight]);
  const starts = useMemo(() => (rects ? depthIndex(rects) : new Int32Array(1)), [rects]);

  // The image of what is drawn now: the same rectangles, range, colours and dimming.
  const snapshotRef = useRef<() => GraphSnapshot | null>(() => null);
  useLayoutEffect(() => {
    snapshotRef.current = () => {
      const { image, unit } = props;
      if (!rects || !image) return null;
      const v = viewport.current;
      return {
        frames: rects,
        names,
        files: summary.functionFiles,
        lines: summary.functionStartLines,
        colors: colorsOf(rects),
        highlight,
        flipped,
        range: { x0: v.x0, x1: v.x1 },
        widthCss: v.widthCss,
        rowHeight: v.rowHeight,
        theme,
        total: props.total,
        formatValue: (value: number) => formatValue(value, unit),
        ...image,
      };
    };
  });
  const exported = props.image !== undefined;
  useEffect(() => (exported ? provideGraphImage(() => snapshotRef.current()) : undefined), [exported]);

  const draw = useCallback(() => {
    frameRequest.current = 0;
    const painter = painterRef.current;
    const overlay = overlayPainter.current;
    if (!painter || !overlay || !rects) return;
    const started = performance.now();
    const anim = animation.current;
    if (anim) {
      const t = Math.min(1, (started - anim.start) / ZOOM_MS);
      const ease = 1 - (1 - t) ** 3;
      viewport.current.x0 = anim.from[0] + (anim.to[0] - anim.from[0]) * ease;
      viewport.current.x1 = anim.from[1] + (anim.to[1] - anim.from[1]) * ease;
    }
    painter.draw(viewport.current);
    overlay.draw(rects, names, viewport.current, theme, highlight, starts);
    if (drawnRects.current !== rects) {
      drawnRects.current = rects;
      setReadyFor(rects);
      onDrawnRef.current?.(rects);
    }
    if (anim) {
      (window.__flamedeckFrameTimes ??= []).push(performance.now() - started);
      if (started - anim.start < ZOOM_MS) {
        frameRequest.current = requestAnimationFrame(() => drawRef.current());
      } else {
        animation.current = null;
        onZoom(anim.path);
      }
    }
  }, [rects, names, theme, highlight, starts, onZoom]);

  useLayoutEffect(() => {
    drawRef.current = draw;
  }, [draw]);

  const scheduleDraw = useCallback(() => {
    if (!frameRequest.current) frameRequest.current = requestAnimationFrame(() => drawRef.current());
  }, []);

  // Painter set-up once per canvas.
  useEffect(() => {
    const canvas = canvasRef.current!;
    const painter = createPainter(canvas);
    painterRef.current = painter;
    window.__flamedeckPainter = painter.kind;
    overlayPainter.current = new TextOverlay(overlayRef.current!.getContext('2d')!);
    return () => painter.dispose();
  }, []);

  /**
   * The scrolling pane's height (the whole pane, or the graph's own height when it is shorter and
   * `fitShort`), then the canvases to match, at the device pixel ratio. True when the size changed.
   */
  const fitCanvases = useCallback(() => {
    const scroller = scrollRef.current!;
    const laidOut = rectsRef.current;
    const graphHeight = laidOut ? (laidOut.maxDepth + 1) * ROW_HEIGHT : 0;
    const fit = fitShortRef.current && laidOut !== null && graphHeight < paneRef.current!.clientHeight;
    const height = fit ? `${graphHeight}px` : '';
    if (scroller.style.height !== height) scroller.style.height = height;
    const v = viewport.current;
    const [width, heightCss, dpr] = [scroller.clientWidth, scroller.clientHeight, window.devicePixelRatio || 1];
    if (width === v.widthCss && heightCss === v.heightCss && dpr === v.dpr && canvasRef.current!.height === Math.round(heightCss * dpr)) return false;
    v.dpr = dpr;
    v.widthCss = width;
    v.heightCss = heightCss;
    for (const canvas of [canvasRef.current!, overlayRef.current!]) {
      canvas.width = Math.round(v.widthCss * v.dpr);
      canvas.height = Math.round(v.heightCss * v.dpr);
      canvas.style.width = `${v.widthCss}px`;
      canvas.style.height = `${v.heightCss}px`;
    }
    setSize({ width: v.widthCss, height: v.heightCss });
    return true;
  }, []);

  // Size: canvases follow the container, at the device pixel ratio; no re-query on resize.
  useLayoutEffect(() => {
    const scroller = scrollRef.current!;
    const resize = () => {
      const v = viewport.current;
      // Whether the root row was in sight, from the size last drawn: by now the pane has its new
      // size, and a pane that shrank (a notice above it) would look scrolled up from the root.
      const atBottom = v.scrollY + v.heightCss >= contentHeight(v) - 2;
      fitCanvases();
      onWidthRef.current?.(v.widthCss * v.dpr);
      if (rectsRef.current) {
        v.rows = rowsFor(rectsRef.current.maxDepth, v.heightCss, v.flipped);
        spacerRef.current!.style.height = `${contentHeight(v)}px`;
        if (v.flipped && atBottom) scroller.scrollTop = contentHeight(v);
        v.scrollY = scroller.scrollTop;
      }
      scheduleDraw();
    };
    const observer = new ResizeObserver(resize);
    observer.observe(scroller);
    // The pane too: with `fitShort` the scroller's height is set here, not by the pane.
    observer.observe(paneRef.current!);
    resize();
    return () => observer.disconnect();
  }, [scheduleDraw, fitCanvases]);

  /** The outline's box in window coordinates (it is placed within the canvas). */
  const frameAnchor = (box: React.CSSProperties): TooltipAnchor => {
    const canvas = canvasRef.current!.getBoundingClientRect();
    const left = canvas.left + Number(box.left);
    const top = canvas.top + Number(box.top);
    return { kind: 'frame', box: { left, top, right: left + Number(box.width), bottom: top + Number(box.height) } };
  };

  // New layout from the worker.
  useEffect(() => {
    const painter = painterRef.current;
    if (!painter || !rects) return;
    const span = rects.span || 1;
    const x = new Float32Array(rects.count);
    const width = new Float32Array(rects.count);
    const depth = new Float32Array(rects.count);
    for (let i = 0; i < rects.count; i++) {
      x[i] = rects.x[i] / span;
      width[i] = rects.width[i] / span;
      depth[i] = rects.depth[i];
    }
    painter.setRects(x, width, depth, colorsOf(rects));
    const v = viewport.current;
    v.x0 = 0;
    v.x1 = 1;
    v.flipped = flipped;
    // A new depth may change the pane's height (`fitShort`); a new width is asked for by resize.
    if (fitCanvases()) onWidthRef.current?.(v.widthCss * v.dpr);
    v.rows = rowsFor(rects.maxDepth, v.heightCss, flipped);
    const scroller = scrollRef.current!;
    const spacer = spacerRef.current!;
    spacer.style.height = `${contentHeight(v)}px`;
    // Flame graphs open at the root (bottom), icicles at the top.
    scroller.scrollTop = flipped ? contentHeight(v) : 0;
    v.scrollY = scroller.scrollTop;
    // The frame chosen with the keys stays chosen (outline and tooltip) when the same frame is in the new
    // layout (another order, a filter elsewhere); otherwise both go, not a tooltip without its outline.
    const kept = focusPath.current ? rectOfFuncPath(rects, starts, focusPath.current) : -1;
    if (kept >= 0) {
      const box = focusRectStyle(rects, kept, v);
      setFocus({ index: kept, box });
      setHover((h) => (h && h.anchor.kind === 'frame' ? { index: kept, anchor: frameAnchor(box) } : h));
    } else {
      focusPath.current = null;
      setFocus(null);
      setHover((h) => (h && h.anchor.kind === 'frame' ? null : h));
    }
    // The first frame of a new layout is drawn now, not a frame later.
    draw();
    // The rectangles of a new layout replace the old ones from here on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rects, flipped]);

  useEffect(() => {
    if (painterRef.current && rects) painterRef.current.setColors(colorsOf(rects));
    scheduleDraw();
  }, [colorsOf, rects, scheduleDraw]);

  // The outline of the frame hovered on the other side (side by side), placed when it changes.
  const [linkedBox, setLinkedBox] = useState<React.CSSProperties | null>(null);
  const { linkedPath } = props;
  useLayoutEffect(() => {
    const index = linkedPath && rects ? rectOfFuncPath(rects, starts, linkedPath) : -1;
    setLinkedBox(index >= 0 && rects ? focusRectStyle(rects, index, viewport.current) : null);
  }, [linkedPath, rects, starts]);

  const startZoom = useCallback(
    (index: number) => {
      if (!rects || index < 0) return;
      const span = rects.span || 1;
      const v = viewport.current;
      animation.current = {
        from: [v.x0, v.x1],
        to: [rects.x[index] / span, (rects.x[index] + rects.width[index]) / span],
        start: performance.now(),
        path: rectZoomPath(rects, starts, index, names),
      };
      scheduleDraw();
    },
    [rects, starts, names, scheduleDraw],
  );

  const indexAt = (event: React.MouseEvent) => {
    if (!rects) return -1;
    const box = canvasRef.current!.getBoundingClientRect();
    return hitTest(rects, starts, viewport.current, event.clientX - box.left, event.clientY - box.top);
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (!rects || rects.count === 0) return;
    const current = focusIndex >= 0 ? focusIndex : starts[rects.path.length - 1];
    const centre = rects.x[current] + rects.width[current] / 2;
    const inRow = (depth: number) => {
      if (depth < 0 || depth > rects.maxDepth) return -1;
      for (let i = starts[depth]; i < starts[depth + 1]; i++) if (rects.x[i] <= centre && centre < rects.x[i] + rects.width[i]) return i;
      return starts[depth] < starts[depth + 1] ? starts[depth] : -1;
    };
    const towardLeaves = flipped ? 'ArrowUp' : 'ArrowDown';
    let next = -1;
    if (event.key === 'ArrowLeft' && current > starts[rects.depth[current]]) next = current - 1;
    else if (event.key === 'ArrowRight' && current + 1 < starts[rects.depth[current] + 1]) next = current + 1;
    else if (event.key === towardLeaves) next = inRow(rects.depth[current] + 1);
    else if (event.key === 'ArrowUp' || event.key === 'ArrowDown') next = inRow(rects.depth[current] - 1);
    else if (event.key === 'Enter' && focusIndex >= 0) startZoom(focusIndex);
    else if (event.key === 's' && !event.ctrlKey && !event.metaKey && props.onSandwich) {
      const chosen = focusIndex >= 0 ? focusIndex : (hover?.index ?? -1);
      if (chosen >= 0 && chosen < rects.count && rects.func[chosen] >= 0) {
        event.preventDefault();
        props.onSandwich(names[rects.func[chosen]]);
      }
    }
    if (next >= 0) {
      event.preventDefault();
      scrollIntoView(next);
      showFocus(next);
    }
  };

  /** Scrolls the rows so that a frame's row is on screen (a deep frame chosen with the keys). */
  const scrollIntoView = (index: number) => {
    const v = viewport.current;
    const scroller = scrollRef.current!;
    const top = rowTop(v, rects!.depth[index]);
    if (top < v.scrollY) scroller.scrollTop = top;
    else if (top + v.rowHeight > v.scrollY + v.heightCss) scroller.scrollTop = top + v.rowHeight - v.heightCss;
    if (scroller.scrollTop !== v.scrollY) {
      v.scrollY = scroller.scrollTop;
      scheduleDraw();
    }
  };

  /** Outlines the frame chosen with the keys and puts its tooltip next to it (not at the mouse). */
  const showFocus = (index: number) => {
    const box = focusRectStyle(rects!, index, viewport.current);
    focusPath.current = rectFuncPath(rects!, starts, index);
    setFocus({ index, box });
    setHover({ index, anchor: frameAnchor(box) });
  };

  /** After a scroll, the chosen frame's outline and its tooltip move with its row. */
  const followScroll = () => {
    const current = rects;
    if (!current) return;
    const boxOf = (index: number) => focusRectStyle(current, index, viewport.current);
    setFocus((f) => (f && f.index < current.count ? { index: f.index, box: boxOf(f.index) } : f));
    setHover((h) => (h && h.anchor.kind === 'frame' && h.index < current.count ? { index: h.index, anchor: frameAnchor(boxOf(h.index)) } : h));
  };

  const ready = readyFor !== null && readyFor === rects && !busy;
  const dataset = Object.fromEntries(Object.entries(props.dataset ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return (
    <div
      className="flame-graph"
      ref={paneRef}
      data-testid={props.testId ?? 'flamegraph'}
      data-profile={props.label}
      data-ready={ready ? 'true' : 'false'}
      data-view={flipped ? 'flame' : 'icicle'}
      data-rects={rects?.count ?? 0}
      {...dataset}
      tabIndex={0}
      onKeyDown={onKeyDown}
      aria-label={`${flipped ? 'Flame' : 'Icicle'} graph of ${props.label}`}
    >
      <div
        className="flame-scroll"
        ref={scrollRef}
        onScroll={(event) => {
          viewport.current.scrollY = (event.target as HTMLElement).scrollTop;
          followScroll();
          scheduleDraw();
        }}
      >
        <div className="flame-sticky">
          <canvas ref={canvasRef} className="flame-canvas" />
          <canvas
            ref={overlayRef}
            className="flame-canvas flame-overlay"
            data-testid="flame-canvas"
            onMouseMove={(event) => {
              const index = indexAt(event);
              if (index !== (hover?.index ?? -1) && props.onHoverPath) props.onHoverPath(index >= 0 && rects ? rectFuncPath(rects, starts, index) : null);
              setHover(index >= 0 ? { index, anchor: { kind: 'pointer', x: event.clientX, y: event.clientY } } : null);
            }}
            onMouseLeave={() => {
              setHover(null);
              props.onHoverPath?.(null);
            }}
            onClick={(event) => {
              setMenu(null);
              startZoom(indexAt(event));
            }}
            onContextMenu={(event) => {
              event.preventDefault();
              const index = indexAt(event);
              if (index < 0 || !rects || rects.func[index] < 0) return;
              const box = canvasRef.current!.getBoundingClientRect();
              const stack = rectStack(rects, starts, index, names, props.inverted ?? false);
              setMenu({ func: rects.func[index], name: names[rects.func[index]], stack, x: event.clientX - box.left, y: event.clientY - box.top });
            }}
          />
          {focus && <div className="flame-focus" data-testid="focused-frame" style={focus.box} />}
          {linkedBox && <div className="flame-linked" data-testid="linked-frame" style={linkedBox} />}
          {menu && <FrameMenu menu={menu} items={props.menuFor(menu)} width={size.width} height={size.height} onClose={() => setMenu(null)} />}
        </div>
        <div className="flame-spacer" ref={spacerRef} />
      </div>
      {/* Outside the scrolling pane: it is placed in window coordinates and must not be clipped. */}
      {hover && rects && hover.index < rects.count && !menu && (
        <FrameTooltip
          summary={summary}
          unit={props.unit}
          total={props.total}
          rects={rects}
          parentIs={props.inverted ? 'the function it calls' : 'its caller'}
          details={props.tooltipDetails?.(rects, hover.index)}
          index={hover.index}
          anchor={hover.anchor}
        />
      )}
    </div>
  );
}

function focusRectStyle(rects: FlameRects, index: number, v: Viewport): React.CSSProperties {
  const scale = v.widthCss / (v.x1 - v.x0) / (rects.span || 1);
  const row = v.flipped ? v.rows - 1 - rects.depth[index] : rects.depth[index];
  return {
    left: (rects.x[index] - v.x0 * rects.span) * scale,
    top: row * v.rowHeight - v.scrollY,
    width: rects.width[index] * scale,
    height: v.rowHeight - 1,
  };
}
