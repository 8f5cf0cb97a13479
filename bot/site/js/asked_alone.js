([index, words]) => {
  const file = deepAll(document, 'input, select, textarea')[index];
  const form = file && file.form;
  if (!form) return [];
  const wanted = new Set(words.map(plainLabel));
  // Words that name a control (its label, its group's legend, what it is labelled by) ask nothing alone.
  const named = new Set([...document.querySelectorAll('[aria-labelledby]')]
    .flatMap(c => c.getAttribute('aria-labelledby').split(/\s+/)).filter(Boolean));
  const tied = el => (el.matches('label') && !!el.control) || named.has(el.id)
    || (el.matches('legend') && !!el.parentElement && !!el.parentElement.querySelector('input, select, textarea'));
  return [...form.querySelectorAll('*')]
    .filter(el => !el.matches('option, script, style, button') && shown(el) && !tied(el))
    .map(el => [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join(' ')
      .replace(/\s+/g, ' ').trim().replace(/[\s:*]+$/, ''))
    .filter(text => wanted.has(plainLabel(text)));
}
