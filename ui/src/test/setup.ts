// jsdom has no layout, so no ResizeObserver; Svelte's bind:clientWidth needs one to exist.
// Sizes stay 0 in tests, which the preview treats as "not measured yet".
if (typeof globalThis.ResizeObserver === 'undefined') {
  globalThis.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}
