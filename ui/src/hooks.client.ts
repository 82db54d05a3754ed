// A load that fails for an unexpected reason (the box not answering, a 500) lands on +error.svelte with
// the Russian text of the one error path, instead of SvelteKit's bare "Internal Error".
import type { HandleClientError } from '@sveltejs/kit/hooks';
import { errorText } from '#lib/toast/error-text.ts';

export const handleError: HandleClientError = (caught) => {
  if (caught.kind !== 'unknown') return;
  const text = errorText(caught.error);
  return { message: text.detail ? `${text.title}: ${text.detail}` : text.title };
};
