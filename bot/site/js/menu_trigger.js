item => {
  for (let node = item.parentElement; node && node !== document.body; node = node.parentElement) {
    if (!shown(node)) continue;
    const controls = [...node.querySelectorAll('button, a, summary, [role=button], [role=menuitem], [aria-haspopup]')];
    return controls.find(el => shown(el) && !el.contains(item)) || node;
  }
  return null;
}
