// The cabinet colour palette. The colour tells one cabinet from another at a
// glance, so the eight are far apart in hue and all dark enough to carry a
// thick band on white.
import type { MessageKey } from './i18n';

export interface PaletteColour {
  hex: string;
  name: MessageKey;
}

export const PALETTE: readonly PaletteColour[] = [
  { hex: '#1f6feb', name: 'colour.bleu' },
  { hex: '#1a7f37', name: 'colour.vert' },
  { hex: '#cf222e', name: 'colour.rouge' },
  { hex: '#d4580f', name: 'colour.orange' },
  { hex: '#8250df', name: 'colour.violet' },
  { hex: '#c2367f', name: 'colour.rose' },
  { hex: '#0e8a8a', name: 'colour.turquoise' },
  { hex: '#7d4e24', name: 'colour.brun' },
];

export const DEFAULT_COLOUR = PALETTE[0]?.hex ?? '#1f6feb';
const FALLBACK = '#6e7781';

/** The colour as a CSS value, or neutral grey if it is not `#rrggbb`. */
export function safeColour(value: string | null | undefined): string {
  return value && /^#[0-9a-fA-F]{6}$/.test(value) ? value.toLowerCase() : FALLBACK;
}

/** The palette name of a colour (`colour.other` if it is not in the palette). */
export function colourName(hex: string): MessageKey {
  const lower = hex.toLowerCase();
  return PALETTE.find((c) => c.hex === lower)?.name ?? 'colour.other';
}
