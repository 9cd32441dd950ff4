import { useFlash } from '../state/flash.js';

/** The window's short confirmation (see state/flash.ts). */
export function FlashMessage() {
  const { text, serial } = useFlash();
  return (
    <div className="flash-area" role="status" aria-live="polite">
      {text && (
        <span key={serial} className="flash" data-testid="flash">
          {text}
        </span>
      )}
    </div>
  );
}
