() => {
  const tables = [...document.querySelectorAll('table, [role=table], [role=grid]')];
  if (!tables.length) return null;
  return tables.map(table => {
    const head = table.querySelector('thead tr, tr, [role=row]');
    const heads = head ? [...head.querySelectorAll('th, td, [role=columnheader]')].map(textOf) : [];
    const sized = heads.some(h => /size|bytes/i.test(h));
    const numberAt = heads.findIndex(h => /\b(id|number|no\.?|reference|confirmation|receipt)\b/i.test(h));
    const statusAt = heads.findIndex(h => /^(status|state|file status|upload status)$/i.test(h));
    const rows = [];
    for (const line of table.querySelectorAll('tr, [role=row]')) {
      if (line === head) continue;
      const cells = [...line.querySelectorAll('td, th, [role=cell], [role=gridcell]')].map(textOf);
      const whole = cells.length === heads.length;
      const id = numberAt >= 0 && whole ? cells[numberAt] : null;
      const status = statusAt >= 0 && whole ? cells[statusAt] : '';
      // A link to what the site says of the file: its details, errors or report.
      const about = /\b(details?|errors?|report|reasons?|log|view|why)\b/i;
      const more = [...line.querySelectorAll('a[href]')]
        .find(a => about.test(textOf(a) || a.getAttribute('aria-label') || ''));
      rows.push([textOf(line), sized, id || null, status, more ? more.href : '']);
    }
    const controls = !!table.querySelector('input[type=file], select, textarea, input[type=text]');
    // A pager beside the table (Next, a "Page 1 of 3"): the list goes on over pages not read here.
    const pagerWords = /^(next|next page|older|more|show more|load more|\u203a|\u00bb|>|>>)$/i;
    let holder = table.parentElement;
    let paged = false;
    // Only after the table, and never a form's own button (a two-step form's Next is no pager).
    const after = el => !!(table.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)
      && !table.contains(el) && el.type !== 'submit';
    for (let depth = 0; holder && depth < 2 && !paged; depth++, holder = holder.parentElement) {
      paged = [...holder.querySelectorAll('a, button, [role=button], [role=link]')].some(el =>
        after(el) && (pagerWords.test(textOf(el)) || /^next/i.test(el.getAttribute('aria-label') || '')))
        || /\bpage\s+\d+\s+of\s+\d+\b/i.test(textOf(holder).slice(-400));
    }
    return [tableTitle(table), controls, rows, paged];
  });
}
