// One polite live region: screen readers hear what changed; sighted users see it briefly over the map.

const visibleMs = 7000; // long enough to read two short sentences; errors stay until replaced

export function createStatus(region: HTMLElement): (message: string, options?: { sticky?: boolean }) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (message, { sticky = false } = {}) => {
    clearTimeout(timer);
    region.textContent = message;
    region.classList.toggle('is-visible', message !== '');
    if (!sticky && message) {
      timer = setTimeout(() => {
        region.textContent = '';
        region.classList.remove('is-visible');
      }, visibleMs);
    }
  };
}
