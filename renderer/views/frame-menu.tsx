/** The frame a menu is for: its function, and its call stack (names, leaf first). */
export interface MenuFrame {
  name: string;
  stack: string[];
}

export interface FrameMenuState extends MenuFrame {
  func: number;
  x: number;
  y: number;
}

/** One entry of a frame's menu; the view that shows the graph decides which. */
export interface FrameMenuItem {
  label: string;
  title?: string;
  testId?: string;
  run: () => void;
}

interface Props {
  menu: FrameMenuState;
  items: FrameMenuItem[];
  /** Size of the area the menu must stay inside (CSS px). */
  width: number;
  height: number;
  onClose: () => void;
}

const MENU_WIDTH = 260;
const ITEM_HEIGHT = 30;

/** Right-click menu of a frame. */
export function FrameMenu({ menu, items, width, height, onClose }: Props) {
  const menuHeight = 30 + items.length * ITEM_HEIGHT;
  const left = Math.max(0, Math.min(menu.x, width - MENU_WIDTH));
  const top = menu.y + menuHeight > height ? Math.max(0, menu.y - menuHeight) : menu.y;
  return (
    <div className="frame-menu" role="menu" style={{ left, top }} onMouseLeave={onClose}>
      <div className="frame-menu-title">{menu.name}</div>
      {items.map((item) => (
        <button
          key={item.label}
          role="menuitem"
          title={item.title}
          data-testid={item.testId}
          onClick={() => {
            onClose();
            item.run();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
