// Small Svelte actions shared by the screens.

/** Gives `node` the keyboard focus once it is in the document. */
export function focusOnMount(node: HTMLElement, enabled: boolean = true): void {
  if (!enabled) return;
  // After the current render, so a parent's own focus handling cannot win.
  queueMicrotask(() => {
    if (node.isConnected) node.focus();
  });
}
