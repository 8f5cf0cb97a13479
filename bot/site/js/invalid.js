scope => {
  const form = scope.closest('form') || scope.querySelector('form');
  if (form && form.noValidate) return null;
  const root = form || scope;
  for (const el of root.querySelectorAll('input, select, textarea')) {
    if (el.type !== 'hidden' && !el.disabled && !el.checkValidity()) {
      const label = (el.labels && el.labels[0] && el.labels[0].innerText)
          || el.getAttribute('aria-label') || el.name || '';
      return (label ? label.trim() + ': ' : '') + el.validationMessage;
    }
  }
  return null;
}
