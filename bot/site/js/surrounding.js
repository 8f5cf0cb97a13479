el => {
  for (let node = el.parentElement, depth = 0; node && depth < 6; node = node.parentElement, depth++) {
    const text = (node.innerText || '').trim();
    if (text.length > 40) return text.slice(0, 600);
  }
  return '';
}
