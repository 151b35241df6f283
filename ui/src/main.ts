import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { installUndo } from './lib/undo';

const target = document.getElementById('app');
if (!target) throw new Error('Missing #app element');

installUndo();
const app = mount(App, { target });

export default app;
