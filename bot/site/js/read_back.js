indices => {
  const all = deepAll(document, 'input, select, textarea');
  return indices.map(i => {
    const s = all[i];
    return s ? [s.value, s.selectedOptions && s.selectedOptions[0] ? s.selectedOptions[0].text : ''] : ['', ''];
  });
}
