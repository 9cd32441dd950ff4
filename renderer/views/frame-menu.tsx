export interface FrameMenuState {
  func: number;
  name: string;
  x: number;
  y: number;
}

interface Props {
  menu: FrameMenuState;
  /** Size of the area the menu must stay inside (CSS px). */
  width: number;
  height: number;
  onRefine: (kind: 'focus' | 'ignore' | 'hide') => void;
  onClose: () => void;
}

/** Right-click menu of a frame: pprof's focus, ignore and hide on this function. */
const MENU_WIDTH = 260;
const MENU_HEIGHT = 160;

export function FrameMenu({ menu, width, height, onRefine, onClose }: Props) {
  const left = Math.max(0, Math.min(menu.x, width - MENU_WIDTH));
  const top = menu.y + MENU_HEIGHT > height ? Math.max(0, menu.y - MENU_HEIGHT) : menu.y;
  return (
    <div className="frame-menu" role="menu" style={{ left, top }} onMouseLeave={onClose}>
      <div className="frame-menu-title">{menu.name}</div>
      <button role="menuitem" onClick={() => onRefine('focus')} title="Keep only samples through this function (pprof -focus)">
        Focus on this function
      </button>
      <button role="menuitem" onClick={() => onRefine('ignore')} title="Drop samples through this function (pprof -ignore)">
        Ignore samples through it
      </button>
      <button role="menuitem" onClick={() => onRefine('hide')} title="Remove the frame, its time goes to the caller (pprof -hide)">
        Hide this frame
      </button>
      <button role="menuitem" onClick={() => void navigator.clipboard?.writeText(menu.name).then(onClose, onClose)}>
        Copy name
      </button>
    </div>
  );
}
