text => {
  const before = window.__calpassShownBefore || new WeakSet();
  const exact = [...document.body.querySelectorAll('*')].filter(el => !before.has(el) && shown(el)
    && clean(el.innerText) === text && ![...el.children].some(k => clean(k.innerText) === text));
  const options = exact.filter(el => el.closest('[role=option]'));
  const picked = options.length ? options : exact;
  return picked.length === 1 ? picked[0] : null;
}
