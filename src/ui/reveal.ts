// Bringing what a person just asked for into view, with keyboard focus on it, so that neither the
// eye nor a screen reader is left where it was (a panel that opens 1,800 px below, a result under
// the charts). The element needs tabIndex -1 unless it is focusable already.

/** Scrolls `element` to the top of the screen (less its scroll-margin) and focuses it. */
export function reveal(element: HTMLElement | null): void {
  if (!element) return;
  element.scrollIntoView({ block: 'start' });
  element.focus({ preventScroll: true });
}

/**
 * Whether the person is typing somewhere (a text field, a name being edited): work that ends on
 * its own must not take focus from them then.
 */
export function typingElsewhere(): boolean {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement)) return false;
  if (active.isContentEditable || active instanceof HTMLTextAreaElement) return true;
  return (
    active instanceof HTMLInputElement &&
    !['button', 'checkbox', 'file', 'radio', 'range', 'reset', 'submit'].includes(active.type)
  );
}
