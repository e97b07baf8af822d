import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createAppI18n } from './i18n/index.js';
import './styles/app.css';

// First paint mark for the performance figure (read by the e2e test through performance.getEntriesByName).
performance.mark('filmstation-start');
createApp(App).use(createPinia()).use(createAppI18n()).mount('#app');
