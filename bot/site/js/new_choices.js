() => {
  const before = window.__calpassShownBefore || new WeakSet();
  const fresh = [...document.body.querySelectorAll('*')].filter(el => !before.has(el) && shown(el)
    && !el.matches('script, style, input, select, textarea, button, svg, svg *')
    && clean(el.innerText) && clean(el.innerText).length <= 120
    && ![...el.children].some(k => clean(k.innerText) === clean(el.innerText)));
  const options = fresh.filter(el => el.closest('[role=option]'));
  return [...new Set((options.length ? options : fresh).map(el => clean(el.innerText)))];
}
