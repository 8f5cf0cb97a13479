() => [...document.querySelectorAll('select, [role=combobox]')]
  .filter(el => el.disabled || el.getAttribute('aria-disabled') === 'true')
  .filter(el => el.getClientRects().length > 0).length
