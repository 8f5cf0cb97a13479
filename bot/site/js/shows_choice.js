([el, text]) => {
  for (let node = el, depth = 0; node && depth < 4; node = node.parentElement, depth++) {
    const said = clean(typeof node.value === 'string' ? node.value : '') + ' ' + clean(node.innerText);
    if (said.includes(text)) return true;
    if (node.querySelectorAll('input, select, textarea, [role=combobox]').length > 1) break;
  }
  return false;
}
