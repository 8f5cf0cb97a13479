// What every page script may use, put at the start of its body by bot/site/scripts.py: one rule for
// each, so that what the census counts, what a dropdown offers and what a page asks are seen alike.

// Words as a person reads them: no zero-width characters, each run of white space one space.
const clean = s => (s || '').replace(/[\u200b\u200c\u200d\ufeff]/g, '').replace(/\s+/g, ' ').trim();
// An element's words (none for no element).
const textOf = el => clean(el ? (el.innerText || el.textContent || '') : '');
// A label's words to compare: lower case, without the colon or asterisk that ends it.
const plainLabel = s => clean(s).replace(/[\s:*]+$/, '').toLowerCase();
// Whether an element shows.
const shown = el => {
  const s = getComputedStyle(el);
  return s.display !== 'none' && s.visibility !== 'hidden' && el.getClientRects().length > 0;
};
// Every match of a selector in the page and in its open shadow roots (a web component's form), in the
// order Playwright's CSS locators count them: the document's own matches first, then each shadow
// root's in the order of its host, depth first. The census's indices and Playwright's nth() agree.
const deepAll = (root, css) => {
  const found = [...root.querySelectorAll(css)];
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) found.push(...deepAll(el.shadowRoot, css));
  return found;
};
// A table's title: its caption, its label, or the heading just before it.
const tableTitle = table => {
  const heading = 'h1, h2, h3, h4, h5, h6, [role=heading], legend';
  const caption = table.querySelector('caption');
  if (caption && textOf(caption)) return textOf(caption);
  if (table.getAttribute('aria-label')) return table.getAttribute('aria-label').trim();
  const by = (table.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
    .map(id => document.getElementById(id)).filter(Boolean).map(textOf).join(' ');
  if (by) return by;
  let node = table;
  for (let depth = 0; node && depth < 4; depth++, node = node.parentElement) {
    for (let prev = node.previousElementSibling; prev; prev = prev.previousElementSibling) {
      if (prev.matches(heading)) return textOf(prev);
      const inner = [...prev.querySelectorAll(heading)];
      if (inner.length) return textOf(inner[inner.length - 1]);
    }
  }
  return '';
};
