([opener, text]) => {
  const exact = root => [...root.querySelectorAll('*')].filter(el =>
      !el.matches('option, select, script, style') && !opener.contains(el) && !el.contains(opener)
      && shown(el) && clean(el.innerText) === text
      && ![...el.children].some(k => clean(k.innerText) === text));
  for (let node = opener.parentElement, depth = 0; node && depth < 4; node = node.parentElement, depth++) {
    const found = exact(node);
    if (found.length === 1) return found[0];
    if (found.length > 1) return null;
  }
  // Drawn elsewhere (at the end of the body, in an overlay): what opening it showed, not words the
  // page showed already (a row of the list that names the same year).
  const before = window.__calpassShownBefore || new WeakSet();
  const anywhere = exact(document.body).filter(el => !before.has(el));
  return anywhere.length === 1 ? anywhere[0] : null;
}
