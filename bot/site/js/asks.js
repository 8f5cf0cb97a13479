() => {
  const main = document.querySelector('main, [role=main]') || document.body;
  const heading = [...main.querySelectorAll('h1, h2, [role=heading]')].find(shown);
  const said = [...main.querySelectorAll('p, li, label, legend')].filter(shown).map(e => clean(e.innerText))
      .filter(t => t.length > 20).slice(0, 2).join(' ');
  const labelOf = el => clean((el.labels && el.labels[0] && el.labels[0].innerText) || el.getAttribute('aria-label'));
  const controls = [...main.querySelectorAll('input, select')].filter(shown);
  return {
    heading: heading ? clean(heading.innerText) : '',
    said: said.slice(0, 300),
    boxes: controls.filter(e => e.type === 'checkbox' || e.type === 'radio').map(labelOf),
    lists: controls.filter(e => e.tagName === 'SELECT').map(labelOf),
    password: controls.some(e => e.type === 'password'),
  };
}
