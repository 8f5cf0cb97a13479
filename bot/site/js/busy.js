words => {
  if ([...document.querySelectorAll('[aria-busy=true]')].some(shown)) return true;
  const lower = words.map(w => w.toLowerCase());
  return (document.body.innerText || '').split('\n').map(l => l.trim())
    .some(l => l.length <= 60 && (l.endsWith('...') || l.endsWith('…'))
      && lower.some(w => l.toLowerCase().startsWith(w)));
}
