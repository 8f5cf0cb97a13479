() => {
  // Whole subtrees are pruned (tables, menus, controls, field names, anything hidden), so a long
  // history table costs nothing however often the page is read.
  const skip = new Set(['TABLE', 'NAV', 'SELECT', 'OPTION', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'BUTTON', 'LABEL',
                        'TEMPLATE', 'HEAD', 'DT', 'LEGEND', 'CAPTION']);
  const liveRegion = '[role=alert], [role=status], [aria-live]:not([aria-live=off]), output';
  const out = [];
  const walk = (el, live) => {
    if (skip.has(el.tagName)) return;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') return;
    const own = el.matches(liveRegion);
    live = live || own;
    const kids = [...el.children];
    const blockKids = kids.some(k => {
      const d = getComputedStyle(k).display;
      return !d.startsWith('inline') && d !== 'contents' && d !== 'none';
    });
    if (own || !blockKids) {
      const text = (el.innerText || '').replace(/\s+/g, ' ').trim();
      if (text && text.length <= 600 && el.getClientRects().length) {
        out.push([text, live, el.getBoundingClientRect().top]);
      }
    }
    for (const kid of kids) walk(kid, live);
  };
  for (const kid of document.body ? document.body.children : []) walk(kid, false);
  return out;
}
