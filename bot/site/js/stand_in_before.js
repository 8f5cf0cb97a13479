text => {
  window.__calpassShownBefore = new WeakSet([...document.body.querySelectorAll('*')]
    .filter(el => shown(el) && clean(el.innerText) === text));
}
