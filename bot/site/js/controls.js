() => {
  const own = el => clean([...el.childNodes].filter(n => n.nodeType === 3
      || (n.nodeType === 1 && !n.matches('select, input, textarea, option')))
      .map(n => n.nodeType === 3 ? n.textContent : (n.innerText || n.textContent)).join(' '));
  const before = el => {
    const cell = el.closest('td, th, [role=cell], [role=gridcell]');
    if (cell && cell.previousElementSibling) return clean(cell.previousElementSibling.innerText);
    let node = el;
    for (let depth = 0; node && depth < 3; depth++, node = node.parentElement) {
      let prev = node.previousElementSibling;
      while (prev && !clean(prev.innerText)) prev = prev.previousElementSibling;
      if (prev) return clean(prev.innerText);
    }
    return '';
  };
  // The help a page writes right after a control, in the same block ("Example: 2023-24"): the short
  // texts that follow it, up to the next label or control.
  const helpAfter = el => {
    const said = [];
    for (let next = el.nextElementSibling; next; next = next.nextElementSibling) {
      if (next.matches('label, input, select, textarea, button')
          || next.querySelector('label, input, select, textarea, button')) break;
      const text = clean(next.innerText);
      if (text && text.length <= 160 && shown(next)) said.push(text);
    }
    return said.join(' ');
  };
  const nameOf = el => {
    // A toolkit's combobox names itself too (Material UI: its label, then its own shown value).
    const by = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(id => id && id !== el.id)
        .map(id => el.getRootNode().getElementById(id)).filter(Boolean).map(e => clean(e.innerText)).join(' ');
    const label = (el.labels && el.labels[0]) || el.closest('label');
    return by || clean(el.getAttribute('aria-label')) || (label ? own(label) : '')
        || clean(el.getAttribute('title')) || clean(el.getAttribute('placeholder')) || before(el);
  };
  // An ARIA combobox's options: the [role=option] elements of the listbox it controls, whether it
  // is open or not. Each: [its value (data-value, value or id, else its words), its words].
  const optionsOf = el => {
    const ids = [el.getAttribute('aria-controls'), el.getAttribute('aria-owns')].join(' ')
        .split(/\s+/).filter(Boolean);
    const owned = ids.map(id => document.getElementById(id)).filter(Boolean);
    return owned.flatMap(one => [...one.querySelectorAll('[role=option]')]).map(o => {
      const text = clean(o.textContent);
      return [o.dataset.value || o.getAttribute('value') || o.id || text, text];
    });
  };
  // Several file inputs on one form (rows of file + file type): the row a control belongs to is
  // the file input its largest ancestor holding just one file input holds; -1 for shared controls.
  const files = [...document.querySelectorAll('input[type=file]')];
  const uploadForm = files.length ? files[0].form : null;
  const rowOf = el => {
    if (files.length < 2) return -1;
    let row = -1;
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const inside = files.filter(f => node.contains(f));
      if (inside.length > 1) break;
      if (inside.length === 1) row = files.indexOf(inside[0]);
    }
    return row;
  };
  // A combobox drawn beside a hidden native list stands in for it (Select2): the list is the control.
  const standsIn = el => {
    for (let node = el, depth = 0; node && depth < 4; node = node.parentElement, depth++) {
      for (const near of [node.previousElementSibling, node.nextElementSibling]) {
        if (near && near.tagName === 'SELECT' && !shown(near)) return true;
      }
    }
    return false;
  };
  const comboboxes = [...document.querySelectorAll('[role=combobox]:not(input):not(select):not(textarea)')]
    .map((el, index) => shown(el) && el.getAttribute('aria-disabled') !== 'true' && !standsIn(el)
      ? [index, 'combobox', nameOf(el), clean(el.innerText), optionsOf(el), false,
         el.getAttribute('aria-required') === 'true', false, '', '', '', 'aria', rowOf(el), el.isContentEditable]
      : null)
    .filter(Boolean);
  return comboboxes.concat([...deepAll(document, 'input, select, textarea')].map((el, index) => {
    const kind = el.getAttribute('role') === 'combobox' && el.tagName === 'INPUT' ? 'combobox'
        : el.tagName === 'INPUT' ? (el.type || 'text').toLowerCase() : el.tagName.toLowerCase();
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(kind) || el.disabled) return null;
    // A box hidden from people and from the keyboard (a toolkit's value holder) is no question asked.
    if (el.getAttribute('aria-hidden') === 'true' && el.tabIndex < 0 && !['select', 'file'].includes(kind)) return null;
    // A radio button or check box drawn as its label (a card, a toggle) is answered through the label.
    const byLabel = (kind === 'radio' || kind === 'checkbox') && !shown(el) && !!el.labels
        && [...el.labels].some(shown);
    // A hidden native list still counts: a custom dropdown drawn beside it may stand in for it.
    const hidden = kind !== 'file' && !shown(el) && !byLabel;
    if (hidden && kind !== 'select') return null;
    const options = el.tagName === 'SELECT' ? [...el.options].map(o => [o.value, clean(o.text)])
        : kind === 'combobox' ? optionsOf(el) : [];
    const value = el.tagName === 'SELECT' ? (el.selectedOptions[0] ? clean(el.selectedOptions[0].text) : '')
        : (kind === 'checkbox' || kind === 'radio') ? String(el.checked) : kind === 'file' ? '' : el.value;
    // A control of another form than the one holding the file input (a filter of the list above it)
    // is not posted with the file: no question of the upload, whatever its label says.
    const elsewhere = !!uploadForm && !!el.form && el.form !== uploadForm;
    const search = kind === 'search' || !!el.closest('[role=search], search') || elsewhere;
    // A radio button answers its group's question: the fieldset's legend, or the radio group's name.
    const holder = kind === 'radio' ? el.closest('fieldset, [role=radiogroup]') : null;
    const legend = holder ? (holder.matches('fieldset') && holder.querySelector('legend')
        ? clean(holder.querySelector('legend').innerText)
        : clean(holder.getAttribute('aria-label')) || clean([...(holder.getAttribute('aria-labelledby') || '')
            .split(/\s+/)].filter(Boolean).map(id => el.getRootNode().getElementById(id)).filter(Boolean)
            .map(e => e.innerText).join(' '))) : '';
    // What the page says of the value it wants: placeholder, pattern, title, the text it points to.
    const described = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean)
        .map(id => el.getRootNode().getElementById(id)).filter(Boolean).map(e => clean(e.innerText)).join(' ');
    const hint = [el.getAttribute('placeholder'), el.getAttribute('pattern'), el.getAttribute('title'), described,
                  helpAfter(el)].map(clean).filter(Boolean).join(' | ');
    return [index, kind, nameOf(el), value, options, search, !!el.required, hidden, el.name || '',
            kind === 'radio' ? (legend || el.name || '') : '', hint, byLabel ? 'label' : '', rowOf(el),
            el.tagName !== 'SELECT' && !el.readOnly];
  }).filter(Boolean));
}
