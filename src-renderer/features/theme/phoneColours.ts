/**
 * The colours a phone paints around the app, per theme: its status bar (`theme`) and the
 * installed app's splash screen (`background`): the surfaces of styles/theme.css. The build's
 * web app manifest and theme-color metas and the Theme menu read them here.
 */
export const phoneColours = {
  light: { theme: '#ffffff', background: '#f3f5f9' },
  dark: { theme: '#1c2029', background: '#14171f' },
} as const;
