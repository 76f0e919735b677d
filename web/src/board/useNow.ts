import { onBeforeUnmount, ref, type Ref } from 'vue';

/** One ticking "now" per page for countdowns; stops with the component. */
export function useNow(intervalMs = 1000): Ref<Date> {
  const now = ref(new Date());
  const timer = setInterval(() => {
    now.value = new Date();
  }, intervalMs);
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}
