() => {
  const modal = el => el.getAttribute('aria-modal') === 'true' || el.getAttribute('role') === 'alertdialog'
      || (el.tagName === 'DIALOG' && el.matches(':modal'));
  const asks = el => [...el.querySelectorAll('input:not([type=hidden]), select, textarea')].some(shown);
  const titleOf = el => {
    const by = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
        .map(id => el.getRootNode().getElementById(id)).filter(Boolean).map(e => clean(e.innerText)).join(' ');
    const head = el.querySelector('h1, h2, h3, h4, h5, h6, [role=heading]');
    return by || clean(el.getAttribute('aria-label')) || (head ? clean(head.innerText) : '');
  };
  return deepAll(document, '[role=dialog], [role=alertdialog], dialog[open]')
      .filter(el => shown(el) && modal(el) && !asks(el))
      .map(el => [titleOf(el), clean(el.innerText).slice(0, 400)]);
}
