import { ref } from 'vue';
import type { Me } from '@/api/contracts';

/**
 * Who is signed in. Sign-in (JWT, GW-2) arrives with a later issue: until then `me` stays null
 * and `token` empty, and the gateway's current endpoints need no token. The API client reads
 * `token` on every request, so sign-in only has to fill these two refs.
 */
export const me = ref<Me | null>(null);
export const token = ref<string | null>(null);

export function signOut(): void {
  me.value = null;
  token.value = null;
}
