/**
 * Light and dark themes: the system's choice until the user picks one, which is then remembered.
 */
export type Theme = 'light' | 'dark';
const KEY = 'vigil.theme';

/** The theme in force: the stored choice, else the system's. */
export function currentTheme(): Theme {
  const stored = localStorage.getItem(KEY);
  if (stored === 'light' || stored === 'dark') return stored;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Sets `data-theme` on <html> (the stylesheet's switch) before React renders, so nothing flashes. */
export function applyStoredTheme(): void {
  document.documentElement.dataset.theme = currentTheme();
}

/**
 * ```ts
 * setTheme('dark');
 * ```
 */
export function setTheme(theme: Theme): void {
  localStorage.setItem(KEY, theme);
  document.documentElement.dataset.theme = theme;
}
