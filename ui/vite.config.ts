// SvelteKit as a static SPA (STYLE: immich web). adapter-static writes ui/build; the app's fastify serves
// it and answers unknown non-API paths with index.html, so client-side routes survive a reload.
import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    sveltekit({
      adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true }),
      // The box serves everything itself: no external scripts, styles or images.
      csp: {
        mode: 'hash',
        directives: {
          'default-src': ['self'],
          'img-src': ['self', 'data:'],
          'style-src': ['self', 'unsafe-inline'],
        },
      },
    }),
  ],
  // `npm run ui:dev` proxies the API to a server started by `make run` (plain HTTP in dev).
  server: { proxy: { '/api': process.env.KASSABOX_API_URL ?? 'http://127.0.0.1:8080' } },
});
