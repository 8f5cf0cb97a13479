words => {
  const wanted = new Set(words.map(plainLabel));
  const pressable = 'button, a, [role=button], [role=link], input[type=button], input[type=submit]';
  const labelledBy = el => (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
      .map(id => document.getElementById(id)).filter(Boolean).map(e => e.innerText).join(' ');
  const banner = [...document.querySelectorAll(pressable)].some(el =>
    [el.innerText, el.value, el.getAttribute('aria-label'), el.getAttribute('title'), labelledBy(el)]
      .some(name => wanted.has(plainLabel(name))) && shown(el));
  const password = [...document.querySelectorAll('input[type=password]')].some(shown);
  return [banner, password];
}
