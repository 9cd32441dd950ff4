/**
 * Puts text on the clipboard: the async Clipboard API where the page may use it, else the older
 * copy command on a hidden text area (an http page on another host than localhost, an embedder
 * that denies the permission). Rejects with one sentence when neither works.
 */
export async function copyText(text: string): Promise<void> {
  try {
    if (!navigator.clipboard) throw new Error('no async clipboard');
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Fall through to the copy command (the reason is the same for the user: try the old way).
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  const focused = document.activeElement as HTMLElement | null;
  area.select();
  let copied: boolean;
  try {
    // Deprecated but still the only synchronous way where the Clipboard API is refused.
    copied = document.execCommand('copy');
  } finally {
    area.remove();
    focused?.focus();
  }
  if (!copied) throw new Error('The browser did not allow copying to the clipboard.');
}
