index => {
  const el = deepAll(document, 'input, select, textarea')[index];
  if (!el || !el.form) return null;
  return [...new FormData(el.form)].filter(([, v]) => typeof v === 'string');
}
