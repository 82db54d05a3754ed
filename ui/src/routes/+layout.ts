// A static SPA: everything renders in the browser, nothing is prerendered but the fallback page.
export const ssr = false;
export const prerender = false;
