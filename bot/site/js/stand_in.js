sel => {
  const usable = el => el && shown(el) && !el.matches('label, input, select, textarea, script, style');
  for (let node = sel, depth = 0; node && depth < 3; node = node.parentElement, depth++) {
    for (const near of [node.nextElementSibling, node.previousElementSibling]) {
      if (!usable(near)) continue;
      const opener = [...near.querySelectorAll('[tabindex], button, [role=button], [role=combobox], a')]
          .find(shown);
      return opener || near;
    }
  }
  return null;
}
