import { createApp, type Ref } from 'vue';
// Element Plus components are imported where used (tree-shaken); its stylesheet is global.
import 'element-plus/dist/index.css';
import App from './App.vue';
import { createAppRouter } from './router';
import { createAppI18n } from './i18n';
import { API_CLIENT_KEY } from './api/inject';
import { createAppApiClient } from './api/client';
import './styles.css';

const i18n = createAppI18n();
document.documentElement.lang = (i18n.global.locale as unknown as Ref<string>).value;

createApp(App)
  .use(i18n)
  .use(createAppRouter())
  .provide(API_CLIENT_KEY, createAppApiClient(() => (i18n.global.locale as unknown as Ref<string>).value))
  .mount('#app');
