/**
 * One IntersectionObserver per rootMargin, shared by every card: a feed of
 * hundreds of cards costs one observer, not hundreds. Without
 * IntersectionObserver (SSR, old browsers) everything counts as visible.
 */
type Callback = (visible: boolean) => void;

interface SharedObserver {
  observer: IntersectionObserver;
  callbacks: Map<Element, Callback>;
}

const shared = new Map<string, SharedObserver>();

export function observeVisibility(element: Element, rootMargin: string, onChange: Callback): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    onChange(true);
    return () => {};
  }
  let entry = shared.get(rootMargin);
  if (!entry) {
    const callbacks = new Map<Element, Callback>();
    const observer = new IntersectionObserver(
      (records) => {
        for (const r of records) callbacks.get(r.target)?.(r.isIntersecting);
      },
      { rootMargin },
    );
    entry = { observer, callbacks };
    shared.set(rootMargin, entry);
  }
  const { observer, callbacks } = entry;
  callbacks.set(element, onChange);
  observer.observe(element);
  return () => {
    observer.unobserve(element);
    callbacks.delete(element);
    if (callbacks.size === 0) {
      observer.disconnect();
      shared.delete(rootMargin);
    }
  };
}
