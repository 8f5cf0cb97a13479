({kind, text, indices, height}) => {
  const page = Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0);
  // [top and height in the page, top in the window or null]. A band that fits the window is
  // scrolled into it: a shot of the window costs the same on any page, while a shot beyond it
  // makes the browser lay out the whole page, which grows with the site's list.
  const band = (top, bottom) => {
    const y = Math.max(0, Math.floor(top + window.scrollY));
    const h = Math.min(Math.max(Math.ceil(bottom - top), 1), height * 2, page - y);
    if (h <= 0) return null;
    if (h > window.innerHeight) return [y, h, null];
    window.scrollTo(0, y);
    const inWindow = y - window.scrollY;
    return [y, h, inWindow >= 0 && inWindow + h <= window.innerHeight ? inWindow : null];
  };
  if (kind === 'controls') {
    const all = deepAll(document, 'input, select, textarea');
    let top = Infinity, bottom = -Infinity;
    for (const i of indices) {
      let el = all[i];
      while (el && el !== document.body && !shown(el)) el = el.parentElement;
      if (!el || el === document.body) continue;
      const r = el.getBoundingClientRect();
      top = Math.min(top, r.top);
      bottom = Math.max(bottom, r.bottom);
    }
    return top === Infinity ? null : band(top - 80, bottom + 160);
  }
  const want = clean(text).slice(0, 120);
  if (!want) return null;
  if (kind === 'row') {
    const rows = [...document.querySelectorAll('tr, [role=row]')];
    const row = rows.find(r => shown(r) && clean(r.innerText).includes(want));
    if (!row) return null;
    const r = row.getBoundingClientRect();
    return band(r.top - height / 3, r.top - height / 3 + height);
  }
  let node = document.body;
  if (!node || !clean(node.innerText).includes(want)) return null;
  for (;;) {
    const inner = [...node.children].find(k => shown(k) && clean(k.innerText).includes(want));
    if (!inner) break;
    node = inner;
  }
  const r = node.getBoundingClientRect();
  return band(r.top - 120, r.top - 120 + height);
}
