import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { devFixtures } from './build/devFixtures.ts';

// The console talks only to the gateway. In development Vite proxies /api (REST and SSE) to a
// gateway on localhost:8080 (override with SALESMESH_GATEWAY); in production the gateway serves
// web/dist itself, so every call is same-origin.
const gateway = process.env.SALESMESH_GATEWAY ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [vue(), devFixtures()],
  // vue-i18n feature flags: composition API only (legacy: false), no devtools in production.
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: gateway, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    css: false,
    // Mounting Element Plus pages in happy-dom takes seconds on a 2-core CI machine.
    testTimeout: 30_000,
  },
});
