() => {
  window.__calpassShownBefore = new WeakSet([...document.body.querySelectorAll('*')].filter(shown));
}
