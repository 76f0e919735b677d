import { createApp, type Ref } from 'vue';
// Element Plus components are imported where used (tree-shaken); its stylesheet is global.
import 'element-plus/dist/index.css';
import App from './App.vue';
import { createAppRouter } from './router';
import { createAppI18n } from './i18n';
import { API_CLIENT_KEY } from './api/inject';
import { createAppApiClient } from './api/client';
import { restoreSession } from './session';
import './styles.css';

const i18n = createAppI18n();
const locale = () => (i18n.global.locale as unknown as Ref<string>).value;
document.documentElement.lang = locale();

restoreSession();
const router = createAppRouter();
// A session that can no longer be renewed ends on the sign-in page, coming back afterwards.
const client = createAppApiClient(locale, () => {
  const here = router.currentRoute.value;
  if (!here.meta.public) void router.replace({ name: 'sign-in', query: { redirect: here.fullPath } });
});

createApp(App).use(i18n).use(router).provide(API_CLIENT_KEY, client).mount('#app');
