import { create } from 'zustand';

/**
 * A short confirmation ("Copied", "Saved x"): shown at the bottom of the window for a moment, one
 * at a time, read out by screen readers (role=status). Errors are not flashed: they stay where the
 * user acted until dismissed.
 */
interface FlashState {
  text: string;
  /** Changes with each flash, so the same text twice restarts the timer. */
  serial: number;
}

export const useFlash = create<FlashState>(() => ({ text: '', serial: 0 }));

const SHOWN_MS = 1800;
let timer: ReturnType<typeof setTimeout> | undefined;

export function flash(text: string): void {
  clearTimeout(timer);
  useFlash.setState((s) => ({ text, serial: s.serial + 1 }));
  timer = setTimeout(() => useFlash.setState({ text: '' }), SHOWN_MS);
}
