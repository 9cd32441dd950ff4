import { create } from 'zustand';

/**
 * Whether the Connect… dialog is open, apart from the tabs' store: the dialog's own fields live in
 * the dialog, and opening it (start screen, toolbar, the desktop File menu) is all others need.
 */
interface ConnectDialogState {
  open: boolean;
}

export const useConnectDialog = create<ConnectDialogState>(() => ({ open: false }));

export function openConnectDialog(): void {
  useConnectDialog.setState({ open: true });
}

export function closeConnectDialog(): void {
  useConnectDialog.setState({ open: false });
}
