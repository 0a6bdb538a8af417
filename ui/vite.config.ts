/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Tauri serves the built files from `dist` inside WebKitGTK (Linux), WebKit
// (macOS) or WebView2 (Windows): target what the oldest of them understands.
const host = process.env.TAURI_DEV_HOST;

export default defineConfig({
  plugins: [svelte()],
  // Keep the Rust compiler's output visible when `tauri dev` runs us.
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    host: host || false,
    hmr: host ? { protocol: 'ws', host, port: 1421 } : undefined,
  },
  envPrefix: ['VITE_', 'TAURI_ENV_'],
  build: {
    target: 'safari15',
    outDir: 'dist',
    // Everything is local: no CDN, and CSS in files (CSP style-src 'self').
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  // Component tests need Svelte's browser build, not the server one.
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    restoreMocks: true,
  },
});
